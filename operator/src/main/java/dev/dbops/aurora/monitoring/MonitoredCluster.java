package dev.dbops.aurora.monitoring;

import dev.dbops.aurora.model.MonitoringSpec;
import java.util.List;
import java.util.Map;

/**
 * What monitoring needs to know about one Aurora cluster: whose it is, where it runs, how far it may
 * scale and which instances read and write.
 *
 * @param maxCapacity the cluster's maximum ACUs, for the capacity alarm; null when unknown
 * @param tags put on every alarm (the owner tag)
 */
public record MonitoredCluster(
    MonitoringNames names,
    String region,
    String clusterIdentifier,
    Double maxCapacity,
    String writer,
    List<String> readers,
    MonitoringSpec spec,
    Map<String, String> tags) {

  public MonitoredCluster {
    readers = readers == null ? List.of() : readers.stream().sorted().toList();
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }
}
