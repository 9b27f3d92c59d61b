package dev.dbops.aurora.monitoring;

import dev.dbops.aurora.aws.MetricAlarm;
import dev.dbops.aurora.model.AlarmThresholdsSpec;
import dev.dbops.aurora.model.CloudWatchMonitoringSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The CloudWatch alarms one cluster should have, derived from spec.monitoring.cloudWatch. Keys (the last
 * part of each name) are what disabledAlarms lists; reader lag alarms are keyed per reader instance.
 *
 * <p>Cluster-wide metrics use the DBClusterIdentifier dimension. Instance metrics use DBInstanceIdentifier
 * alone: RDS publishes them under that single dimension, and an alarm whose dimension set differs from the
 * published one watches a metric that never has data.
 */
public final class AlarmSet {
  public static final String CAPACITY = "capacity";
  public static final String CPU = "cpu";
  public static final String CONNECTIONS = "connections";
  public static final String MEMORY = "memory";
  public static final String DEADLOCKS = "deadlocks";
  public static final String REPLICA_LAG = "replicaLag";

  static final double DEFAULT_CAPACITY_PERCENT = 90;
  static final double DEFAULT_CPU_PERCENT = 80;
  static final int DEFAULT_CONNECTIONS = 500;
  static final double DEFAULT_FREEABLE_MIB = 256;
  static final double DEFAULT_DEADLOCKS_PER_MINUTE = 1;
  static final double DEFAULT_REPLICA_LAG_MS = 2000;

  private static final String NAMESPACE = "AWS/RDS";
  private static final double BYTES_PER_MIB = 1024d * 1024d;

  private AlarmSet() {}

  public static List<MetricAlarm> of(MonitoredCluster cluster) {
    CloudWatchMonitoringSpec spec = cluster.spec().getCloudWatch() == null
        ? new CloudWatchMonitoringSpec() : cluster.spec().getCloudWatch();
    AlarmThresholdsSpec t = spec.getThresholds() == null ? new AlarmThresholdsSpec() : spec.getThresholds();
    Set<String> disabled = spec.getDisabledAlarms() == null ? Set.of() : Set.copyOf(spec.getDisabledAlarms());
    List<String> actions = spec.getAlarmActions() == null ? List.of() : spec.getAlarmActions();
    Function<Spec, MetricAlarm> build = s -> new MetricAlarm(cluster.names().alarm(s.key), s.description + " ("
        + cluster.clusterIdentifier() + ", managed by aurora-operator for " + cluster.names().namespace() + "/"
        + cluster.names().name() + ")", NAMESPACE, s.metric, s.dimensions, s.statistic, s.period, s.periods,
        s.threshold, s.comparison, actions, cluster.tags());
    Map<String, String> clusterDim = Map.of("DBClusterIdentifier", cluster.clusterIdentifier());

    List<Spec> specs = new ArrayList<>();
    double capacityPercent = orElse(t.getCapacityPercentOfMax(), DEFAULT_CAPACITY_PERCENT);
    if (cluster.maxCapacity() != null && cluster.maxCapacity() > 0) {
      specs.add(new Spec(CAPACITY, "Capacity pinned near maxCapacity", "ServerlessDatabaseCapacity", clusterDim,
          "Average", 300, 3, cluster.maxCapacity() * capacityPercent / 100, "GreaterThanOrEqualToThreshold"));
    } else {
      // Without a known maximum, ACUUtilization is the same question asked in percent.
      specs.add(new Spec(CAPACITY, "Capacity pinned near maxCapacity", "ACUUtilization", clusterDim,
          "Average", 300, 3, capacityPercent, "GreaterThanOrEqualToThreshold"));
    }
    specs.add(new Spec(CPU, "CPU high", "CPUUtilization", clusterDim, "Average", 300, 3,
        orElse(t.getCpuPercent(), DEFAULT_CPU_PERCENT), "GreaterThanThreshold"));
    specs.add(new Spec(CONNECTIONS, "Too many connections", "DatabaseConnections", clusterDim, "Maximum", 300, 2,
        t.getDatabaseConnections() == null ? DEFAULT_CONNECTIONS : t.getDatabaseConnections(),
        "GreaterThanThreshold"));
    specs.add(new Spec(MEMORY, "Freeable memory low", "FreeableMemory", clusterDim, "Minimum", 300, 3,
        orElse(t.getFreeableMemoryMiB(), DEFAULT_FREEABLE_MIB) * BYTES_PER_MIB, "LessThanThreshold"));
    // Aurora reports Deadlocks as an average per second; the spec speaks per minute.
    specs.add(new Spec(DEADLOCKS, "Deadlocks", "Deadlocks", clusterDim, "Average", 60, 1,
        orElse(t.getDeadlocksPerMinute(), DEFAULT_DEADLOCKS_PER_MINUTE) / 60, "GreaterThanThreshold"));
    for (String reader : cluster.readers()) {
      specs.add(new Spec(REPLICA_LAG + "-" + reader, "Replica lag of reader " + reader, "AuroraReplicaLag",
          Map.of("DBInstanceIdentifier", reader), "Maximum", 60, 5,
          orElse(t.getReplicaLagMillis(), DEFAULT_REPLICA_LAG_MS), "GreaterThanThreshold"));
    }
    return specs.stream()
        .filter(s -> !disabled.contains(s.key) && !(s.key.startsWith(REPLICA_LAG + "-") && disabled.contains(REPLICA_LAG)))
        .map(build)
        .toList();
  }

  private static double orElse(Double value, double fallback) {
    return value == null ? fallback : value;
  }

  private record Spec(String key, String description, String metric, Map<String, String> dimensions,
      String statistic, int period, int periods, double threshold, String comparison) {}
}
