package dev.dbops.aurora.monitoring;

import dev.dbops.aurora.monitoring.DashboardBody.Line;
import java.util.Comparator;
import java.util.List;

/**
 * One overview per namespace and region: a line per managed cluster on capacity, CPU and connections, and
 * a list of links to each cluster's own dashboard. Rebuilt from the whole current set of clusters each
 * time, so it follows clusters as they come and go.
 */
public final class FleetDashboard {
  private FleetDashboard() {}

  public static String body(String namespace, String region, List<MonitoredCluster> clusters) {
    List<MonitoredCluster> sorted = clusters.stream()
        .sorted(Comparator.comparing((MonitoredCluster c) -> c.names().name()))
        .toList();
    DashboardBody body = new DashboardBody(region);
    StringBuilder list = new StringBuilder("# Aurora clusters in " + namespace + " (" + region + ")\n");
    for (MonitoredCluster c : sorted) {
      String dashboard = c.names().dashboard();
      list.append("\n* ").append(c.names().name()).append(": ").append(c.clusterIdentifier())
          .append(" [dashboard](#dashboards:name=").append(dashboard).append(")");
    }
    body.textWidget(0, 0, 24, 2 + sorted.size(), list.toString());
    int y = 2 + sorted.size();
    body.metricWidget(0, y, 8, "Capacity (ACU)", "Average", lines(sorted, "ServerlessDatabaseCapacity"));
    body.metricWidget(8, y, 8, "CPU %", "Average", lines(sorted, "CPUUtilization"));
    body.metricWidget(16, y, 8, "Connections", "Maximum", lines(sorted, "DatabaseConnections"));
    return body.json();
  }

  private static List<Line> lines(List<MonitoredCluster> clusters, String metric) {
    return clusters.stream()
        .map(c -> new Line(metric, List.of("DBClusterIdentifier", c.clusterIdentifier()), c.names().name()))
        .toList();
  }
}
