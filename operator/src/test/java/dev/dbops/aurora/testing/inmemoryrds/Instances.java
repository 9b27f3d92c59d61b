package dev.dbops.aurora.testing.inmemoryrds;

import dev.dbops.aurora.aws.AuroraInstance;
import dev.dbops.aurora.aws.ClusterMember;
import dev.dbops.aurora.aws.InstanceChanges;
import dev.dbops.aurora.aws.NewInstance;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The region's DB instances, keyed by their lower-case identifier, and the rules about one instance. */
final class Instances {
  static final class Instance {
    String id;
    String clusterId;
    String instanceClass;
    final Progress progress = new Progress("available");
    Integer promotionTier;
    boolean performanceInsights;
    Integer performanceInsightsRetention;
    String parameterGroup;
    Map<String, String> tags = new LinkedHashMap<>();

    String status() {
      return progress.status();
    }
  }

  private final Map<String, Instance> byId = new LinkedHashMap<>();
  private final int busyReads;

  Instances(int busyReads) {
    this.busyReads = busyReads;
  }

  Instance add(String id, String clusterId, String instanceClass, String parameterGroup, boolean creating) {
    if (byId.containsKey(id)) {
      throw Refusals.error(400, "DBInstanceAlreadyExists", "DB instance already exists");
    }
    Instance i = new Instance();
    i.id = id;
    i.clusterId = clusterId;
    i.instanceClass = instanceClass;
    i.parameterGroup = parameterGroup;
    if (creating) {
      i.progress.begin("creating", "available", busyReads);
    }
    byId.put(id, i);
    return i;
  }

  /** CreateDBInstance into a cluster that takes instances (not stopping, stopped, starting or deleting). */
  Instance create(NewInstance n, Clusters clusters, ParameterGroups groups) {
    String id = InMemoryRds.rdsId(n.identifier());
    Refusals.checkIdentifier("DBInstanceIdentifier", id, Refusals.MAX_LENGTH);
    Clusters.Cluster c = clusters.existing(InMemoryRds.rdsId(n.clusterId()));
    Clusters.requireNotIn(c, Refusals.CLUSTER_TAKES_NO_INSTANCE);
    groups.checkInstanceGroup(n.parameterGroup(), c.engineVersion);
    // Aurora User Guide, "Migrating to Aurora Serverless v2": the first DB instance of a cluster converted from
    // Aurora Serverless v1 must be provisioned (its creation completes the conversion).
    if (c.restoredFromServerlessV1 && "db.serverless".equals(n.instanceClass())
        && byId.values().stream().noneMatch(other -> other.clusterId.equals(c.id))) {
      throw Refusals.invalidCombination(
          "The first DB instance of a cluster restored from an Aurora Serverless v1 snapshot must be provisioned.");
    }
    Instance i = add(id, c.id, n.instanceClass(),
        n.parameterGroup() != null ? n.parameterGroup() : "default." + Refusals.familyOf(c.engineVersion), true);
    i.promotionTier = n.promotionTier() != null ? n.promotionTier() : 1;
    i.performanceInsights = n.performanceInsightsEnabled();
    i.performanceInsightsRetention = n.performanceInsightsRetentionDays();
    i.tags.putAll(n.tags() == null ? Map.of() : n.tags());
    return i;
  }

  void modify(String id, InstanceChanges changes, Clusters clusters, ParameterGroups groups, boolean ignored) {
    Instance i = idle(id);
    groups.checkInstanceGroup(changes.parameterGroup(), clusters.existing(i.clusterId).engineVersion);
    if (ignored) {
      begin(i, "modifying", "available");
      return;
    }
    if (changes.promotionTier() != null) {
      i.promotionTier = changes.promotionTier();
    }
    if (changes.performanceInsightsEnabled() != null) {
      i.performanceInsights = changes.performanceInsightsEnabled();
    }
    if (changes.performanceInsightsRetentionDays() != null) {
      i.performanceInsightsRetention = changes.performanceInsightsRetentionDays();
    }
    if (changes.parameterGroup() != null) {
      i.parameterGroup = changes.parameterGroup();
    }
    begin(i, "modifying", "available");
  }

  void delete(String id) {
    begin(idle(id), "deleting", "deleted");
  }

  Instance get(String id) {
    return byId.get(id);
  }

  /** Exists and is not in a transition of its own: RDS refuses Modify/Delete/RebootDBInstance otherwise. */
  Instance idle(String id) {
    Instance i = byId.get(id);
    if (i == null) {
      throw Refusals.instanceNotFound(id);
    }
    if (Refusals.INSTANCE_BUSY.contains(i.status())) {
      throw Refusals.instanceState(id, i.status());
    }
    return i;
  }

  void begin(Instance i, String during, String endsAs) {
    i.progress.begin(during, endsAs, busyReads);
  }

  List<Instance> all() {
    return List.copyOf(byId.values());
  }

  List<Instance> of(String clusterId) {
    return byId.values().stream().filter(i -> i.clusterId.equals(clusterId)).toList();
  }

  /** One describe of the instance passes; false once its deletion has ended. */
  boolean read(Instance i) {
    if (i.progress.read() && i.status().equals("deleted")) {
      byId.remove(i.id);
      return false;
    }
    return true;
  }

  void finishAll() {
    for (Instance i : all()) {
      i.progress.finish();
      if (i.status().equals("deleted")) {
        byId.remove(i.id);
      }
    }
  }

  void removeOf(String clusterId) {
    byId.values().removeIf(i -> i.clusterId.equals(clusterId));
  }

  /** The cluster's members as DescribeDBClusters lists them, writer first. */
  List<ClusterMember> membersOf(String clusterId) {
    List<ClusterMember> members = new ArrayList<>();
    for (Instance i : of(clusterId)) {
      members.add(new ClusterMember(i.id, members.isEmpty(), i.promotionTier));
    }
    return members;
  }

  /** @param clusterStatus an upgrading cluster's instances report "upgrading" too */
  static AuroraInstance toRecord(Instance i, String clusterStatus) {
    String status = "upgrading".equals(clusterStatus) && !i.progress.inTransition() ? "upgrading" : i.status();
    return new AuroraInstance(i.id, InMemoryRds.arn("db", i.id), i.clusterId, i.instanceClass, status, i.promotionTier,
        i.performanceInsights, i.performanceInsightsRetention, i.parameterGroup);
  }
}
