package dev.dbops.aurora.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/** The Secret the operator writes for apps: host, readerHost, port, database, username, password when known, uri. */
public class ConnectionSecretSpec {

  @JsonPropertyDescription("Secret name (default <resource name>-connection).")
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  private String name;

  @JsonPropertyDescription("Write the Secret (default true).")
  private Boolean enabled;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }
}
