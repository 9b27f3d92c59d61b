package dev.dbops.aurora.model.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * A create AWS accepted (or answered "already exists" for) that its describes have not listed yet. Kept in
 * status so a restarted operator keeps waiting for it instead of asking for it again.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PendingCreate {

  @JsonPropertyDescription("cluster or instance.")
  private String kind;

  @JsonPropertyDescription("The DB cluster or DB instance identifier, in lower case as RDS stores it.")
  private String identifier;

  @JsonPropertyDescription("When the operator asked AWS to create it (RFC 3339). Until a grace period after this, "
      + "a describe that does not list it is taken as AWS's lag, not as a failed create.")
  private String requestedAt;

  public PendingCreate() {}

  public PendingCreate(String kind, String identifier, String requestedAt) {
    this.kind = kind;
    this.identifier = identifier;
    this.requestedAt = requestedAt;
  }

  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }

  public String getIdentifier() {
    return identifier;
  }

  public void setIdentifier(String identifier) {
    this.identifier = identifier;
  }

  public String getRequestedAt() {
    return requestedAt;
  }

  public void setRequestedAt(String requestedAt) {
    this.requestedAt = requestedAt;
  }
}
