package dev.dbops.aurora.cluster;

import dev.dbops.aurora.aws.AuroraCluster;
import dev.dbops.aurora.aws.AwsException;
import dev.dbops.aurora.aws.AwsRegions;
import dev.dbops.aurora.aws.ClusterMember;
import dev.dbops.aurora.aws.MonitoringApi;
import dev.dbops.aurora.datadog.DatadogException;
import dev.dbops.aurora.datadog.DatadogMonitoring;
import dev.dbops.aurora.datadog.DatadogMonitors;
import dev.dbops.aurora.datadog.HttpDatadogApi;
import dev.dbops.aurora.model.DatadogMonitoringStatus;
import dev.dbops.aurora.model.MonitoringSpec;
import dev.dbops.aurora.model.MonitoringStatus;
import dev.dbops.aurora.model.cluster.DatabaseCluster;
import dev.dbops.aurora.model.cluster.DatabaseClusterStatus;
import dev.dbops.aurora.monitoring.CloudWatchMonitoring;
import dev.dbops.aurora.monitoring.MonitoredCluster;
import dev.dbops.aurora.monitoring.MonitoringNames;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A DatabaseCluster's monitoring: CloudWatch alarms and dashboards, the fleet dashboard, cost, and
 * Datadog, kept in step with spec.monitoring while the cluster lives and taken down with the resource.
 */
final class ClusterMonitoringSync {
  private final KubernetesClient client;
  private final AwsRegions regions;
  private final ClusterEvents events;
  private final CloudWatchMonitoring monitoring = new CloudWatchMonitoring();
  private final DatadogMonitoring datadog = new DatadogMonitoring(HttpDatadogApi::new);
  private final DatadogKeySource datadogKeys;
  /** Resources whose monitoring this process already took down during deletion (cleanup runs repeatedly). */
  private final Set<String> monitoringRemoved = ConcurrentHashMap.newKeySet();

  ClusterMonitoringSync(KubernetesClient client, AwsRegions regions, ClusterEvents events) {
    this(client, regions, events, Optional.empty());
  }

  /** @param datadogEndpoint replaces https://api.{site} (a local test server); empty for Datadog itself */
  ClusterMonitoringSync(KubernetesClient client, AwsRegions regions, ClusterEvents events,
      Optional<URI> datadogEndpoint) {
    this.client = client;
    this.regions = regions;
    this.events = events;
    this.datadogKeys = new DatadogKeySource(client, datadogEndpoint);
  }

  /**
   * Alarms, dashboards and the cost figure once the cluster is available as declared; taken down again
   * when spec.monitoring is removed, Datadog's with the key Secrets status recorded.
   */
  void observe(DatabaseCluster resource, DesiredCluster desired, AuroraCluster cluster,
      DatabaseClusterStatus status) {
    MonitoringApi api = regions.monitoring(desired.region());
    if (resource.getSpec().getMonitoring() == null) {
      MonitoringStatus previous = status.getMonitoring();
      // Without a status, only what this process wrote: the status of the pass that built them may not be
      // visible yet (a spec edit during that pass).
      if (previous == null && !monitoring.wroteFor(namesOf(resource), desired.region())) {
        return;
      }
      if (previous == null || !onlyDatadogLeft(previous)) {
        monitoring.remove(api, namesOf(resource), desired.region(), () -> fleet(resource, desired.region()));
        events.normal(resource, "MonitoringRemoved", "CloudWatch alarms and dashboard removed");
      }
      DatadogMonitoringStatus left = previous == null || previous.getDatadog() == null ? null
          : removeDatadog(resource, namedCluster(resource, desired), previous.getDatadog());
      status.setMonitoring(left == null ? null : datadogOnly(previous, left));
      return;
    }
    boolean first = status.getMonitoring() == null;
    MonitoringStatus previous = status.getMonitoring();
    MonitoredCluster monitored = monitoredCluster(resource, desired, cluster);
    MonitoringStatus next = monitoring.apply(api, monitored, previous, () -> fleet(resource, desired.region()),
        Instant.now());
    observeDatadog(resource, monitored, previous, next);
    status.setMonitoring(next);
    if (first) {
      events.normal(resource, "MonitoringCreated", status.getMonitoring().getAlarms().size()
          + " CloudWatch alarms" + (status.getMonitoring().getDashboardName() == null ? ""
              : " and dashboard " + status.getMonitoring().getDashboardName()));
    }
  }

  /**
   * Datadog monitors and dashboard when spec.monitoring.datadog is set. A Datadog failure (keys refused,
   * rate limits beyond the client's retries) is a Warning event, not a failed reconcile: the cluster and
   * its CloudWatch alarms are fine, and the ids recorded before are kept.
   */
  private void observeDatadog(DatabaseCluster resource, MonitoredCluster monitored, MonitoringStatus previous,
      MonitoringStatus next) {
    var spec = resource.getSpec().getMonitoring().getDatadog();
    DatadogMonitoringStatus recorded = previous == null ? null : previous.getDatadog();
    if (spec == null) {
      DatadogMonitoringStatus left = recorded == null ? null : removeDatadog(resource, monitored, recorded);
      if (left != null) {
        next.setDatadog(left);
        next.setDatadogMonitorIds(previous.getDatadogMonitorIds());
        next.setDatadogDashboardId(previous.getDatadogDashboardId());
      }
      return;
    }
    if (previous != null) {
      next.setDatadogMonitorIds(previous.getDatadogMonitorIds());
      next.setDatadogDashboardId(previous.getDatadogDashboardId());
    }
    // Recorded before the first write: a write that fails halfway may already have created monitors.
    next.setDatadog(DatadogKeySource.recordOf(spec));
    try {
      DatadogMonitoring.Ids ids = datadog.apply(monitored, spec,
          datadogKeys.connectionFor(resource.getMetadata().getNamespace(), spec), previous);
      next.setDatadogMonitorIds(ids.monitorIds());
      next.setDatadogDashboardId(ids.dashboardId());
    } catch (DatadogException e) {
      events.warning(resource, "DatadogFailed", e.getMessage());
    }
  }

  private static MonitoredCluster monitoredCluster(DatabaseCluster resource, DesiredCluster desired,
      AuroraCluster cluster) {
    List<ClusterMember> members = cluster.members() == null ? List.of() : cluster.members();
    String writer = members.stream().filter(ClusterMember::writer).map(ClusterMember::instanceId)
        .findFirst().orElse(null);
    List<String> readers = members.stream().filter(m -> !m.writer()).map(ClusterMember::instanceId).toList();
    Double max = desired.scaling() == null ? null : desired.scaling().max();
    return new MonitoredCluster(namesOf(resource), desired.region(), desired.identifier(), max, writer, readers,
        resource.getSpec().getMonitoring(), Map.of(OwnerTag.KEY, OwnerTag.valueFor(resource)));
  }

  /**
   * The clusters on the namespace's fleet dashboard for this region: every DatabaseCluster there with
   * CloudWatch monitoring that is not being deleted. Read from the API server rather than remembered, so
   * the dashboard is rebuilt from the truth whenever it is written.
   */
  private List<MonitoredCluster> fleet(DatabaseCluster resource, String region) {
    List<MonitoredCluster> fleet = new ArrayList<>();
    for (DatabaseCluster d : client.resources(DatabaseCluster.class)
        .inNamespace(resource.getMetadata().getNamespace()).list().getItems()) {
      if (d.getMetadata().getDeletionTimestamp() != null || d.getSpec() == null
          || d.getSpec().getMonitoring() == null
          || !CloudWatchMonitoring.cloudWatchEnabled(d.getSpec().getMonitoring().getCloudWatch())) {
        continue;
      }
      DesiredCluster other = DesiredCluster.of(d, regions.defaultRegion());
      if (other.region().equals(region)) {
        fleet.add(new MonitoredCluster(namesOf(d), region, other.identifier(), null, null, List.of(),
            d.getSpec().getMonitoring(), Map.of()));
      }
    }
    return fleet;
  }

  private static MonitoringNames namesOf(DatabaseCluster resource) {
    return new MonitoringNames(resource.getMetadata().getNamespace(), resource.getMetadata().getName());
  }

  /**
   * Alarms and dashboards go with the resource whatever the deletion policy. With Retain the cluster stays
   * in AWS, but nothing watches it for the operator any more and nobody would keep the alarms' thresholds
   * or reader list current; stale alarms that page about an unmanaged cluster are worse than none. Whoever
   * keeps the cluster sets up their own monitoring for it.
   */
  void removeWithResource(DatabaseCluster resource, DesiredCluster desired) {
    boolean hadMonitoring = resource.getSpec().getMonitoring() != null
        || (resource.getStatus() != null && resource.getStatus().getMonitoring() != null);
    if (!hadMonitoring || monitoringRemoved.contains(resource.getMetadata().getUid())) {
      return;
    }
    monitoring.remove(regions.monitoring(desired.region()), namesOf(resource), desired.region(),
        () -> fleet(resource, desired.region()));
    removeDatadog(resource, desired);
    monitoringRemoved.add(resource.getMetadata().getUid());
    if (resource.getStatus() != null) {
      resource.getStatus().setMonitoring(null);
    }
    events.normal(resource, "MonitoringRemoved", "CloudWatch alarms and dashboard of " + desired.identifier()
        + " deleted with the resource");
  }

  /**
   * Best effort: the key Secrets may already be gone (a namespace being deleted), and leftover Datadog
   * monitors must not keep the resource from going away; a failure is a Warning event naming what stays.
   * The keys are the ones status recorded, else (a status written before that record existed) the spec's.
   */
  private void removeDatadog(DatabaseCluster resource, DesiredCluster desired) {
    DatadogMonitoringStatus recorded = resource.getStatus() == null || resource.getStatus().getMonitoring() == null
        ? null : resource.getStatus().getMonitoring().getDatadog();
    var spec = resource.getSpec().getMonitoring() == null ? null : resource.getSpec().getMonitoring().getDatadog();
    if (recorded == null && spec == null) {
      return;
    }
    MonitoredCluster cluster = namedCluster(resource, desired);
    try {
      datadog.remove(cluster, recorded != null
          ? datadogKeys.connectionFor(resource.getMetadata().getNamespace(), recorded)
          : datadogKeys.connectionFor(resource.getMetadata().getNamespace(), spec));
    } catch (DatadogException | AwsException e) {
      events.warning(resource, "DatadogNotRemoved", remaining(cluster) + " may remain: " + e.getMessage());
    }
  }

  /**
   * spec.monitoring.datadog is gone: deletes the cluster's monitors and dashboard with the site and key
   * Secrets recorded when they were written. Answers the record to keep for another try, or null when
   * done or when trying again cannot help (a key Secret gone, keys Datadog refuses): then a Warning event,
   * said once, names what stays for a person to delete.
   */
  private DatadogMonitoringStatus removeDatadog(DatabaseCluster resource, MonitoredCluster cluster,
      DatadogMonitoringStatus recorded) {
    try {
      datadog.remove(cluster, datadogKeys.connectionFor(resource.getMetadata().getNamespace(), recorded));
      events.normal(resource, "DatadogMonitoringRemoved", remaining(cluster) + " deleted");
      return null;
    } catch (AwsException e) {
      events.warning(resource, "DatadogNotRemoved", remaining(cluster) + " remain, delete them in Datadog: "
          + e.getMessage());
      return null;
    } catch (DatadogException e) {
      if (e.isAuthorization()) {
        events.warning(resource, "DatadogNotRemoved", remaining(cluster) + " remain, delete them in Datadog: "
            + e.getMessage());
        return null;
      }
      events.warning(resource, "DatadogNotRemoved", remaining(cluster) + " not deleted yet, trying again: "
          + e.getMessage());
      return recorded;
    }
  }

  private static String remaining(MonitoredCluster cluster) {
    return "Datadog monitors tagged " + DatadogMonitors.ownerTag(cluster) + " and dashboard \""
        + DatadogMonitoring.title(cluster) + "\"";
  }

  /** Enough of the cluster to find its Datadog monitors (owner tag) and dashboard (title) again. */
  private static MonitoredCluster namedCluster(DatabaseCluster resource, DesiredCluster desired) {
    return new MonitoredCluster(namesOf(resource), desired.region(), desired.identifier(), null, null, List.of(),
        resource.getSpec().getMonitoring() == null ? new MonitoringSpec() : resource.getSpec().getMonitoring(),
        Map.of());
  }

  /** What an earlier pass left: only a Datadog removal still to retry (its CloudWatch side is gone). */
  private static boolean onlyDatadogLeft(MonitoringStatus previous) {
    return previous.getDatadog() != null && previous.getAlarms().isEmpty() && previous.getDashboardName() == null
        && previous.getCost() == null;
  }

  private static MonitoringStatus datadogOnly(MonitoringStatus previous, DatadogMonitoringStatus left) {
    MonitoringStatus kept = new MonitoringStatus();
    kept.setDatadog(left);
    kept.setDatadogMonitorIds(previous.getDatadogMonitorIds());
    kept.setDatadogDashboardId(previous.getDatadogDashboardId());
    return kept;
  }

  /** The resource is gone: nothing to remember about it. */
  void forget(DatabaseCluster resource) {
    monitoringRemoved.remove(resource.getMetadata().getUid());
  }
}
