package dev.dbops.aurora.model.migration;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The snapshot the target is restored from. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SnapshotStatus {

  @JsonPropertyDescription("Snapshot identifier.")
  private String identifier;

  @JsonPropertyDescription("Snapshot ARN.")
  private String arn;

  @JsonPropertyDescription("Snapshot status.")
  private String status;

  public String getIdentifier() {
    return identifier;
  }

  public void setIdentifier(String identifier) {
    this.identifier = identifier;
  }

  public String getArn() {
    return arn;
  }

  public void setArn(String arn) {
    this.arn = arn;
  }

  public String getStatus() {
    return status;
  }

  public void setStatus(String status) {
    this.status = status;
  }
}
