package dev.dbops.aurora.monitoring;

import dev.dbops.aurora.monitoring.DashboardBody.Line;
import java.util.List;

/**
 * The per-cluster dashboard: the writer's metrics on the left and the readers' on the right, row by row,
 * so read-only query load that went to the readers is visible next to the writer's; below them replica
 * lag per reader and deadlocks.
 */
public final class ClusterDashboard {
  private static final int HALF = 12;

  private ClusterDashboard() {}

  public static String body(MonitoredCluster cluster) {
    DashboardBody body = new DashboardBody(cluster.region());
    String id = cluster.clusterIdentifier();
    body.textWidget(0, 0, 24, 2, "# " + id + "\nManaged by aurora-operator for " + cluster.names().namespace()
        + "/" + cluster.names().name() + ". Left: writer " + (cluster.writer() == null ? "" : cluster.writer())
        + ". Right: readers " + String.join(", ", cluster.readers()) + ".");
    int y = 2;
    for (Row row : ROWS) {
      body.metricWidget(0, y, HALF, "Writer: " + row.title, row.stat, List.of(
          new Line(row.metric, List.of("DBClusterIdentifier", id, "Role", "WRITER"), "writer")));
      body.metricWidget(HALF, y, HALF, "Readers: " + row.title, row.stat,
          cluster.readers().isEmpty()
              ? List.of(new Line(row.metric, List.of("DBClusterIdentifier", id, "Role", "READER"), "readers"))
              : cluster.readers().stream()
                  .map(r -> new Line(row.metric, List.of("DBInstanceIdentifier", r), r))
                  .toList());
      y += 6;
    }
    body.metricWidget(0, y, HALF, "Replica lag (ms)", "Maximum", cluster.readers().isEmpty()
        ? List.of(new Line("AuroraReplicaLagMaximum", List.of("DBClusterIdentifier", id), "max lag"))
        : cluster.readers().stream()
            .map(r -> new Line("AuroraReplicaLag", List.of("DBInstanceIdentifier", r), r))
            .toList());
    body.metricWidget(HALF, y, HALF, "Deadlocks (per second)", "Average", List.of(
        new Line("Deadlocks", List.of("DBClusterIdentifier", id), "deadlocks")));
    return body.json();
  }

  private static final List<Row> ROWS = List.of(
      new Row("CPU %", "CPUUtilization", "Average"),
      new Row("capacity (ACU)", "ServerlessDatabaseCapacity", "Average"),
      new Row("connections", "DatabaseConnections", "Maximum"),
      new Row("queries (SELECT/s)", "SelectThroughput", "Average"),
      new Row("freeable memory", "FreeableMemory", "Minimum"));

  private record Row(String title, String metric, String stat) {}
}
