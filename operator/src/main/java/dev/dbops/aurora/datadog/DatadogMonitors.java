package dev.dbops.aurora.datadog;

import dev.dbops.aurora.aws.MetricAlarm;
import dev.dbops.aurora.model.DatadogMonitoringSpec;
import dev.dbops.aurora.monitoring.MonitoredCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Datadog counterparts of a cluster's CloudWatch alarms, over the metrics Datadog's AWS integration
 * collects (aws.rds.*, tagged dbclusteridentifier / dbinstanceidentifier), with the same thresholds; and
 * the dashboard's graphs, writer beside readers like the CloudWatch one.
 */
public final class DatadogMonitors {
  /** CloudWatch metric name to the name Datadog's AWS integration gives it. */
  private static final Map<String, String> METRICS = Map.of(
      "ServerlessDatabaseCapacity", "aws.rds.serverless_database_capacity",
      "ACUUtilization", "aws.rds.acuutilization",
      "CPUUtilization", "aws.rds.cpuutilization",
      "DatabaseConnections", "aws.rds.database_connections",
      "FreeableMemory", "aws.rds.freeable_memory",
      "Deadlocks", "aws.rds.deadlocks",
      "AuroraReplicaLag", "aws.rds.aurora_replica_lag",
      "SelectThroughput", "aws.rds.select_throughput");

  private DatadogMonitors() {}

  /** The tag that finds this resource's monitors again. */
  public static String ownerTag(MonitoredCluster cluster) {
    return "aurora-operator:" + cluster.names().namespace() + "/" + cluster.names().name();
  }

  public static List<DatadogMonitor> of(MonitoredCluster cluster, List<MetricAlarm> alarms, DatadogMonitoringSpec spec) {
    String notify = spec.getNotify() == null ? "" : " " + String.join(" ", spec.getNotify());
    List<DatadogMonitor> monitors = new ArrayList<>();
    for (MetricAlarm alarm : alarms) {
      String metric = METRICS.get(alarm.metricName());
      if (metric == null) {
        continue;
      }
      String scope = scope(alarm.dimensions());
      String query = aggregation(alarm.statistic()) + "(last_" + (alarm.periodSeconds() * alarm.evaluationPeriods() / 60)
          + "m):" + aggregation(alarm.statistic()) + ":" + metric + "{" + scope + "} " + comparison(alarm.comparison())
          + " " + number(alarm.threshold());
      monitors.add(new DatadogMonitor(alarm.name(), query, alarm.description() + notify, alarm.threshold(),
          List.of(ownerTag(cluster), "dbclusteridentifier:" + cluster.clusterIdentifier())));
    }
    return monitors;
  }

  public static List<DatadogGraph> graphs(MonitoredCluster cluster) {
    String id = cluster.clusterIdentifier();
    List<DatadogGraph> graphs = new ArrayList<>();
    for (String metric : List.of("CPUUtilization", "ServerlessDatabaseCapacity", "DatabaseConnections",
        "SelectThroughput")) {
      String name = METRICS.get(metric);
      graphs.add(new DatadogGraph("Writer: " + metric,
          "avg:" + name + "{dbclusteridentifier:" + id + ",role:writer}"));
      graphs.add(new DatadogGraph("Readers: " + metric,
          "avg:" + name + "{dbclusteridentifier:" + id + ",role:reader} by {dbinstanceidentifier}"));
    }
    graphs.add(new DatadogGraph("Replica lag (ms)",
        "max:aws.rds.aurora_replica_lag{dbclusteridentifier:" + id + "} by {dbinstanceidentifier}"));
    return graphs;
  }

  private static String scope(Map<String, String> dimensions) {
    return dimensions.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey().toLowerCase() + ":" + e.getValue())
        .reduce((a, b) -> a + "," + b).orElse("*");
  }

  private static String aggregation(String statistic) {
    return switch (statistic) {
      case "Maximum" -> "max";
      case "Minimum" -> "min";
      case "Sum" -> "sum";
      default -> "avg";
    };
  }

  private static String comparison(String operator) {
    return switch (operator) {
      case "GreaterThanOrEqualToThreshold" -> ">=";
      case "LessThanThreshold" -> "<";
      case "LessThanOrEqualToThreshold" -> "<=";
      default -> ">";
    };
  }

  /** Datadog compares against the threshold in the query and in options; both must print the same. */
  private static String number(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
  }
}
