package dev.dbops.aurora.model.migration;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** Rollback: on request before cutover, or after a failure. */
public class RollbackSpec {

  @JsonPropertyDescription("Set true before cutover to roll back: the source becomes writable again.")
  private boolean requested;

  @JsonPropertyDescription("Keep or Delete (after a final snapshot) the target cluster on rollback.")
  @Default("Keep")
  private TargetDisposition targetCluster;

  public boolean isRequested() {
    return requested;
  }

  public void setRequested(boolean requested) {
    this.requested = requested;
  }

  public TargetDisposition getTargetCluster() {
    return targetCluster;
  }

  public void setTargetCluster(TargetDisposition targetCluster) {
    this.targetCluster = targetCluster;
  }
}
