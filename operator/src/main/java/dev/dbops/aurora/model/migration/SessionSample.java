package dev.dbops.aurora.model.migration;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Application sessions still on the source at one look. */
public class SessionSample {

  @JsonPropertyDescription("When they were counted.")
  private String at;

  @JsonPropertyDescription("Client sessions on the migrated databases, the operator's own and rdsadmin's left out.")
  private int sessions;

  @JsonPropertyDescription("Sessions per role, e.g. shop_app=3.")
  private String roles;

  public SessionSample() {}

  public SessionSample(String at, int sessions, String roles) {
    this.at = at;
    this.sessions = sessions;
    this.roles = roles;
  }

  public String getAt() {
    return at;
  }

  public void setAt(String at) {
    this.at = at;
  }

  public int getSessions() {
    return sessions;
  }

  public void setSessions(int sessions) {
    this.sessions = sessions;
  }

  public String getRoles() {
    return roles;
  }

  public void setRoles(String roles) {
    this.roles = roles;
  }
}
