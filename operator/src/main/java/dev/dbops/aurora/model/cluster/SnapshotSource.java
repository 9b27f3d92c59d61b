package dev.dbops.aurora.model.cluster;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A cluster snapshot to restore from. */
public class SnapshotSource {

  @JsonPropertyDescription("DB cluster snapshot identifier or ARN.")
  @Required
  private String snapshotIdentifier;

  public String getSnapshotIdentifier() {
    return snapshotIdentifier;
  }

  public void setSnapshotIdentifier(String snapshotIdentifier) {
    this.snapshotIdentifier = snapshotIdentifier;
  }
}
