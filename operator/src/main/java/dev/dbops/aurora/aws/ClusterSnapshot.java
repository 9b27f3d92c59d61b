package dev.dbops.aurora.aws;

import java.util.Map;

/** A manual DB cluster snapshot, with its tags (DescribeDBClusterSnapshots' TagList) to tell whose it is. */
public record ClusterSnapshot(
    String identifier,
    String arn,
    String clusterId,
    String status,
    String engineVersion,
    Integer percentProgress,
    Map<String, String> tags) {

  public ClusterSnapshot {
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  /** A snapshot whose tags were not read. */
  public ClusterSnapshot(
      String identifier, String arn, String clusterId, String status, String engineVersion, Integer percentProgress) {
    this(identifier, arn, clusterId, status, engineVersion, percentProgress, Map.of());
  }

  public boolean isAvailable() {
    return "available".equals(status);
  }
}
