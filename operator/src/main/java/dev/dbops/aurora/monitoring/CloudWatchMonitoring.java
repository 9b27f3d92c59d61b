package dev.dbops.aurora.monitoring;

import dev.dbops.aurora.aws.AlarmState;
import dev.dbops.aurora.aws.MetricAlarm;
import dev.dbops.aurora.aws.MonitoringApi;
import dev.dbops.aurora.model.AlarmStatus;
import dev.dbops.aurora.model.CloudWatchMonitoringSpec;
import dev.dbops.aurora.model.MonitoringStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Keeps a cluster's alarms, dashboard and its place on the fleet dashboard as declared, and reports them.
 *
 * <p>Every pass reads the alarms once (DescribeAlarms by the resource's name prefix) for their states and
 * to delete any that are no longer wanted. Alarms and dashboards are only written when what they should
 * be differs from what this process last wrote, or one is missing: puts are upserts, so writing is always
 * safe, but writing a dozen unchanged alarms on every resync would be needless calls. After a restart the
 * first pass writes everything once.
 */
public final class CloudWatchMonitoring {
  private final Map<String, Integer> written = new ConcurrentHashMap<>();

  /**
   * Applies spec.monitoring to the cluster and returns the status to report.
   *
   * @param fleet every monitored cluster of the same namespace and region, this one included; null for a
   *     cluster that is not on the fleet dashboard (a migration's target)
   */
  public MonitoringStatus apply(MonitoringApi api, MonitoredCluster cluster, MonitoringStatus previous,
      Supplier<List<MonitoredCluster>> fleet, Instant now) {
    MonitoringStatus status = new MonitoringStatus();
    if (cloudWatchEnabled(cluster.spec().getCloudWatch())) {
      applyCloudWatch(api, cluster, status, fleet);
    } else if (mayHaveBuilt(cluster.names(), cluster.region(), previous)) {
      // Turned off after it was on: take down what an earlier pass built, once.
      remove(api, cluster.names(), cluster.region(), fleet);
    }
    status.setCost(CostInsight.refresh(api, cluster.clusterIdentifier(), cluster.spec().getCost(),
        previous == null ? null : previous.getCost(), now));
    return status;
  }

  /** Deletes the cluster's alarms and dashboard and takes it off the fleet dashboard. */
  public void remove(MonitoringApi api, MonitoringNames names, String region,
      Supplier<List<MonitoredCluster>> remainingFleet) {
    List<String> alarms = api.describeAlarms(names.alarmPrefix()).stream().map(AlarmState::name).toList();
    if (!alarms.isEmpty()) {
      api.deleteAlarms(alarms);
    }
    api.deleteDashboard(names.dashboard());
    putFleet(api, names.namespace(), region, remainingFleet);
    written.remove(key(names, region));
  }

  /**
   * Whether alarms or a dashboard of this cluster may exist. Status alone cannot say: a pass can start
   * before the status of the pass that built them is visible (a spec edit during that pass), and a status
   * that was never recorded (killed between the writes and the status patch) says nothing. So: what
   * status recorded, what this process wrote, or no record at all.
   */
  private boolean mayHaveBuilt(MonitoringNames names, String region, MonitoringStatus previous) {
    return previous == null || !previous.getAlarms().isEmpty() || previous.getDashboardName() != null
        || written.containsKey(key(names, region));
  }

  /** Whether this process wrote alarms or a dashboard for the cluster and has not removed them since. */
  public boolean wroteFor(MonitoringNames names, String region) {
    return written.containsKey(key(names, region));
  }

  public static boolean cloudWatchEnabled(CloudWatchMonitoringSpec spec) {
    return spec == null || !Boolean.FALSE.equals(spec.getEnabled());
  }

  private void applyCloudWatch(MonitoringApi api, MonitoredCluster cluster, MonitoringStatus status,
      Supplier<List<MonitoredCluster>> fleet) {
    MonitoringNames names = cluster.names();
    List<MetricAlarm> alarms = AlarmSet.of(cluster);
    boolean dashboard = cluster.spec().getCloudWatch() == null
        || !Boolean.FALSE.equals(cluster.spec().getCloudWatch().getDashboard());
    String body = dashboard ? ClusterDashboard.body(cluster) : null;
    Set<String> wanted = alarms.stream().map(MetricAlarm::name).collect(Collectors.toSet());

    List<AlarmState> existing = api.describeAlarms(names.alarmPrefix());
    Set<String> existingNames = existing.stream().map(AlarmState::name).collect(Collectors.toSet());
    int fingerprint = Objects.hash(alarms, body);
    String key = key(names, cluster.region());
    if (!Objects.equals(written.get(key), fingerprint) || !existingNames.containsAll(wanted)) {
      alarms.forEach(api::putAlarm);
      if (dashboard) {
        api.putDashboard(names.dashboard(), body);
      } else {
        api.deleteDashboard(names.dashboard());
      }
      putFleet(api, names.namespace(), cluster.region(), fleet);
      written.put(key, fingerprint);
      existing = api.describeAlarms(names.alarmPrefix());
    }
    List<String> unwanted = existing.stream().map(AlarmState::name).filter(n -> !wanted.contains(n)).toList();
    if (!unwanted.isEmpty()) {
      api.deleteAlarms(unwanted);
    }
    status.setAlarms(existing.stream().filter(a -> wanted.contains(a.name())).map(a -> {
      AlarmStatus alarm = new AlarmStatus();
      alarm.setName(a.name());
      alarm.setState(a.state());
      return alarm;
    }).toList());
    if (dashboard) {
      status.setDashboardName(names.dashboard());
      status.setDashboardUrl(MonitoringNames.consoleUrl(cluster.region(), names.dashboard()));
    }
  }

  private static void putFleet(MonitoringApi api, String namespace, String region,
      Supplier<List<MonitoredCluster>> source) {
    if (source == null) {
      return;
    }
    List<MonitoredCluster> fleet = source.get();
    String name = MonitoringNames.fleetDashboard(namespace, region);
    if (fleet.isEmpty()) {
      api.deleteDashboard(name);
    } else {
      api.putDashboard(name, FleetDashboard.body(namespace, region, fleet));
    }
  }

  private static String key(MonitoringNames names, String region) {
    return region + "|" + names.alarmPrefix();
  }
}
