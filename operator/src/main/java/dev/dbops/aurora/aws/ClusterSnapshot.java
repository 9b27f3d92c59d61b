package dev.dbops.aurora.aws;

/** A manual DB cluster snapshot. */
public record ClusterSnapshot(
    String identifier, String arn, String clusterId, String status, String engineVersion, Integer percentProgress) {

  public boolean isAvailable() {
    return "available".equals(status);
  }
}
