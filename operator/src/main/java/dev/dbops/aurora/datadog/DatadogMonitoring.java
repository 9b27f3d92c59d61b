package dev.dbops.aurora.datadog;

import dev.dbops.aurora.aws.MetricAlarm;
import dev.dbops.aurora.model.DatadogMonitoringSpec;
import dev.dbops.aurora.model.MonitoringStatus;
import dev.dbops.aurora.monitoring.AlarmSet;
import dev.dbops.aurora.monitoring.MonitoredCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Keeps a cluster's Datadog monitors (one per CloudWatch alarm, same thresholds) and dashboard. Like the
 * CloudWatch side, it writes only when the definitions changed since this process last wrote them, and
 * otherwise reports the ids it recorded before.
 */
public final class DatadogMonitoring {
  private final Function<DatadogConnection, DatadogApi> clients;
  private final Map<String, Integer> written = new ConcurrentHashMap<>();

  public DatadogMonitoring(Function<DatadogConnection, DatadogApi> clients) {
    this.clients = clients;
  }

  /** Datadog's ids of the monitors and dashboard. */
  public record Ids(List<String> monitorIds, String dashboardId) {}

  public Ids apply(MonitoredCluster cluster, DatadogMonitoringSpec spec, DatadogConnection connection,
      MonitoringStatus previous) {
    List<MetricAlarm> alarms = AlarmSet.of(cluster);
    List<DatadogMonitor> monitors = DatadogMonitors.of(cluster, alarms, spec);
    List<DatadogGraph> graphs = DatadogMonitors.graphs(cluster);
    // The connection is part of the fingerprint (a new key or site means writing again); SecretValue's
    // hashCode is of the value, and the number is kept in memory only.
    int fingerprint = Objects.hash(monitors, graphs, connection);
    String key = cluster.names().alarmPrefix();
    boolean recorded = previous != null && previous.getDatadogDashboardId() != null
        && previous.getDatadogMonitorIds() != null && previous.getDatadogMonitorIds().size() == monitors.size();
    if (recorded && Objects.equals(written.get(key), fingerprint)) {
      return new Ids(previous.getDatadogMonitorIds(), previous.getDatadogDashboardId());
    }
    DatadogApi api = clients.apply(connection);
    List<String> ids = new ArrayList<>();
    for (DatadogMonitor monitor : monitors) {
      ids.add(api.upsertMonitor(monitor));
    }
    String dashboard = api.upsertDashboard(title(cluster), "Managed by aurora-operator for "
        + cluster.names().namespace() + "/" + cluster.names().name() + ": writer beside readers.", graphs);
    written.put(key, fingerprint);
    return new Ids(ids, dashboard);
  }

  /** Deletes the cluster's monitors (by owner tag) and dashboard (by title). */
  public void remove(MonitoredCluster cluster, DatadogConnection connection) {
    clients.apply(connection).deleteOwned(DatadogMonitors.ownerTag(cluster), title(cluster));
    written.remove(cluster.names().alarmPrefix());
  }

  /** Deterministic, so the dashboard is found again by its title. */
  public static String title(MonitoredCluster cluster) {
    return "aurora-operator " + cluster.names().namespace() + "/" + cluster.names().name() + " ("
        + cluster.clusterIdentifier() + ")";
  }
}
