package dev.dbops.aurora.testing.inmemoryrds;

import dev.dbops.aurora.aws.AuroraCluster;
import dev.dbops.aurora.aws.AuroraInstance;
import dev.dbops.aurora.aws.AwsErrorKind;
import dev.dbops.aurora.aws.AwsException;
import dev.dbops.aurora.aws.BlueGreenDeployment;
import dev.dbops.aurora.aws.Capacity;
import dev.dbops.aurora.aws.ClusterApi;
import dev.dbops.aurora.aws.ClusterChanges;
import dev.dbops.aurora.aws.ClusterReplication;
import dev.dbops.aurora.aws.ClusterRestore;
import dev.dbops.aurora.aws.ClusterSnapshot;
import dev.dbops.aurora.aws.InstanceChanges;
import dev.dbops.aurora.aws.NewBlueGreenDeployment;
import dev.dbops.aurora.aws.NewCluster;
import dev.dbops.aurora.aws.NewInstance;
import dev.dbops.aurora.aws.ServerlessV2Limits;
import dev.dbops.aurora.aws.UpgradeTarget;
import dev.dbops.aurora.testing.inmemoryrds.Clusters.Cluster;
import dev.dbops.aurora.testing.inmemoryrds.Instances.Instance;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * RDS of one region in memory, for every test that needs AWS behind {@link ClusterApi} and not the SDK: as
 * strict as RDS (and as {@code testing/strictrds/StrictRds}, see docs/testing.md). Identifiers are stored
 * in lower case and must follow RDS's rules; clusters, instances and snapshots go through RDS's states, a
 * transition lasting {@code busyReads} reads of the resource (so tests wait by reading, never by sleeping);
 * writes RDS refuses while busy, on a missing resource, on a protected cluster, for scaling the engine
 * version cannot take or for a missing parameter group are refused with RDS's error codes. Every call is
 * logged; failures and a few AWS misbehaviours can be injected.
 */
public final class InMemoryRds implements ClusterApi {

  /** One logged call: the method, the identifier it was about, what else it asked for, and when. */
  public record Call(String method, String id, String detail, long atMillis) {
    /** "method id detail", e.g. "modifyCluster orders-v2 15.8" or "createInstance orders-v2-1 db.serverless". */
    public String line() {
      return method + " " + id + (detail.isEmpty() ? "" : " " + detail);
    }
  }

  private final Clusters clusters;
  private final Instances instances;
  private final Snapshots snapshots;
  private final ParameterGroups parameterGroups = new ParameterGroups();
  private final BlueGreenDeployments blueGreen;
  private final CallLog log = new CallLog();
  private final List<NewCluster> createRequests = new CopyOnWriteArrayList<>();
  private final List<ClusterChanges> modifyRequests = new CopyOnWriteArrayList<>();
  private final Map<String, Integer> hiddenFinds = new HashMap<>();
  private boolean instanceFilterIgnored;
  private boolean finalSnapshotsLost;
  private boolean clusterWritesIgnored;
  private boolean instanceWritesIgnored;
  private AwsException upgradeFailure;
  /** Parameter names per family, as DescribeEngineDefaultClusterParameters lists them; other families: as moto, not implemented. */
  private final Map<String, Set<String>> familyParameterNames = new HashMap<>();
  private final Map<String, Map<String, String>> clusterGroupTags = new HashMap<>();

  /** @param busyReads how many reads of a resource a transition lasts; the last of them shows its end */
  public InMemoryRds(int busyReads) {
    clusters = new Clusters(busyReads);
    instances = new Instances(busyReads);
    snapshots = new Snapshots(busyReads);
    blueGreen = new BlueGreenDeployments(busyReads);
  }

  // ---- the world as a test finds it -----------------------------------------------------------------

  /** A cluster made outside the operator, available, with one instance {@code <id>-1} and these tags. */
  public synchronized void addExistingCluster(String id, String engineVersion, Map<String, String> tags) {
    Cluster c = clusters.newCluster(rdsId(id), engineVersion, "available");
    c.scaling = new Capacity(0.5, 4.0, null);
    c.tags.putAll(tags);
    c.securityGroupIds = List.of();
    clusters.add(c);
    instances.add(c.id + "-1", c.id, "db.serverless", "default." + Refusals.familyOf(engineVersion), false);
  }

  /** A migration source: available, with one provisioned instance {@code <id>-instance}. */
  public synchronized void addSource(String id, String engineVersion, String engineMode) {
    Cluster c = clusters.newCluster(rdsId(id), engineVersion, "available");
    c.engineMode = engineMode;
    clusters.add(c);
    instances.add(c.id + "-instance", c.id, "db.r6g.large", "default." + Refusals.familyOf(engineVersion), false)
        .promotionTier = 0;
  }

  /** An available manual snapshot taken before the test began. */
  public synchronized void addExistingSnapshot(String id, String clusterId, String engineVersion) {
    snapshots.start(rdsId(id), rdsId(clusterId), engineVersion, Map.of(), false);
  }

  public synchronized void addClusterParameterGroup(String name, String family) {
    parameterGroups.putCluster(name, family, Map.of());
  }

  /** A cluster parameter group someone made, with these parameters set (again: set in addition). */
  public synchronized void addClusterParameterGroup(String name, String family, Map<String, String> parameters) {
    parameterGroups.putCluster(name, family, parameters);
  }

  /** Makes DescribeEngineDefaultClusterParameters answer for this family with these parameter names. */
  public synchronized void setFamilyParameterNames(String family, Set<String> names) {
    familyParameterNames.put(family, Set.copyOf(names));
  }

  public synchronized void addInstanceParameterGroup(String name, String family) {
    parameterGroups.putInstance(name, family);
  }

  /** Someone deletes a cluster parameter group outside the operator. */
  public synchronized void removeClusterParameterGroup(String name) {
    parameterGroups.removeCluster(name);
  }

  /** Gives a cluster a DB cluster parameter group, as DescribeDBClusters reports it. */
  public synchronized void setParameterGroup(String clusterId, String group) {
    clusters.existing(rdsId(clusterId)).parameterGroup = group;
  }

  /** Backup settings someone chose for a cluster outside the operator. */
  public synchronized void setBackupSettings(String clusterId, int retentionDays, boolean copyTagsToSnapshot) {
    Cluster c = clusters.existing(rdsId(clusterId));
    c.retention = retentionDays;
    c.copyTagsToSnapshot = copyTagsToSnapshot;
  }

  /** Someone outside the operator turns deletion protection on (console, Terraform, a policy). */
  public synchronized void protect(String clusterId) {
    clusters.existing(rdsId(clusterId)).deletionProtection = true;
  }

  /** Someone deletes a cluster and its instances outside the operator; gone at once. */
  public synchronized void removeCluster(String clusterId) {
    clusters.remove(rdsId(clusterId));
    instances.removeOf(rdsId(clusterId));
  }

  /** What AWS does to a cluster stopped for seven days (Aurora User Guide, stopping and starting a cluster). */
  public synchronized void startedByAws(String clusterId) {
    Cluster c = clusters.existing(rdsId(clusterId));
    if (c.status().equals("stopped")) {
      clusters.begin(c, "starting", "available");
    }
  }

  /** Time passes: every transition under way ends now, as if read often enough. */
  public synchronized void finishTransitions() {
    clusters.finishAll();
    instances.finishAll();
    snapshots.finishAll();
  }

  // ---- AWS misbehaving -------------------------------------------------------------------------------

  /** The next {@code times} calls of {@code method} throw {@code error}. */
  public synchronized void fail(String method, AwsException error, int times) {
    log.fail(method, error, times);
  }

  public synchronized void failAlways(String method, AwsErrorKind kind, String code, String message) {
    log.fail(method, new AwsException(kind, code, message), Integer.MAX_VALUE);
  }

  /** Every ModifyDBCluster that changes the engine version throws this while set (null: none). */
  public synchronized void failUpgrades(AwsException error) {
    upgradeFailure = error;
  }

  /**
   * From now on an instance query answers with every instance of the region, as an endpoint that ignores
   * the db-cluster-id filter does; each instance still names its own cluster.
   */
  public synchronized void ignoreInstanceFilter() {
    instanceFilterIgnored = true;
  }

  /** From now on a deleted cluster goes away without the final snapshot its delete asked for. */
  public synchronized void loseFinalSnapshots() {
    finalSnapshotsLost = true;
  }

  /**
   * From now on ModifyDBCluster and tag writes are accepted (the cluster goes through "modifying") but
   * a re-read never shows their effect, as an emulator did that answered without storing the change.
   */
  public synchronized void ignoreClusterWrites() {
    clusterWritesIgnored = true;
  }

  /** Like {@link #ignoreClusterWrites()}, for ModifyDBInstance: accepted, never shown by a re-read. */
  public synchronized void ignoreInstanceWrites() {
    instanceWritesIgnored = true;
  }

  /**
   * The next {@code finds} finds of this cluster answer "absent" although it exists, as RDS's describes do
   * for a while after a create (eventual consistency).
   */
  public synchronized void hideFromFinds(String clusterId, int finds) {
    hiddenFinds.put(rdsId(clusterId), finds);
  }

  // ---- what a test looks at (no read: nothing progresses) ---------------------------------------------

  public List<Call> calls() {
    return log.calls();
  }

  public List<Call> calls(String method) {
    return log.calls().stream().filter(c -> c.method().equals(method)).toList();
  }

  /** The writes asked for, refused ones included, each as {@link Call#line()}. */
  public List<String> writes() {
    return log.writes();
  }

  /** How many writes' lines start with {@code prefix}, e.g. "modifyCluster orders-v2 DeletionProtection". */
  public long count(String prefix) {
    return writes().stream().filter(w -> w.startsWith(prefix)).count();
  }

  public List<NewCluster> createRequests() {
    return List.copyOf(createRequests);
  }

  public List<ClusterChanges> modifyRequests() {
    return List.copyOf(modifyRequests);
  }

  /** Clusters RDS lists, those still being deleted included. */
  public synchronized List<String> clusterIds() {
    return clusters.all().stream().map(c -> c.id).toList();
  }

  public synchronized boolean clusterExists(String id) {
    return clusters.get(rdsId(id)) != null;
  }

  public synchronized boolean instanceExists(String id) {
    return instances.get(rdsId(id)) != null;
  }

  public synchronized List<String> snapshotIds() {
    return snapshots.ids();
  }

  public synchronized Optional<ClusterSnapshot> snapshot(String id) {
    return Optional.ofNullable(snapshots.get(rdsId(id))).map(Snapshots::toRecord);
  }

  public synchronized AuroraCluster describe(String clusterId) {
    return record(clusters.existing(rdsId(clusterId)));
  }

  public synchronized Map<String, String> tagsOf(String clusterId) {
    return Map.copyOf(clusters.existing(rdsId(clusterId)).tags);
  }

  /** The tags a cluster parameter group was created with through putClusterParameterGroup; null when it was not. */
  public synchronized Map<String, String> parameterGroupTags(String name) {
    return clusterGroupTags.get(name);
  }

  /** The parameters of a cluster parameter group; null when it does not exist. */
  public synchronized Map<String, String> parameterGroup(String name) {
    return parameterGroups.clusterParameters(name);
  }

  // ---- ClusterApi: reads -------------------------------------------------------------------------------

  @Override
  public synchronized Optional<AuroraCluster> findCluster(String clusterId) {
    String id = rdsId(clusterId);
    log.read("findCluster", id);
    if (clusters.get(id) == null || hiddenFinds.merge(id, -1, Integer::sum) >= 0) {
      return Optional.empty();
    }
    return Optional.ofNullable(clusters.read(id)).map(this::record);
  }

  @Override
  public synchronized List<AuroraInstance> findInstances(String clusterId) {
    String id = rdsId(clusterId);
    log.read("findInstances", id);
    List<AuroraInstance> found = new ArrayList<>();
    for (Instance i : instanceFilterIgnored ? instances.all() : instances.of(id)) {
      if (instances.read(i)) {
        Cluster c = clusters.get(i.clusterId);
        found.add(Instances.toRecord(i, c == null ? null : c.status()));
      }
    }
    return found;
  }

  @Override
  public void refresh(String clusterId) {
    log.read("refresh", rdsId(clusterId));
  }

  @Override
  public synchronized Optional<ClusterSnapshot> findSnapshot(String snapshotId) {
    log.read("findSnapshot", rdsId(snapshotId));
    return Optional.ofNullable(snapshots.read(rdsId(snapshotId))).map(Snapshots::toRecord);
  }

  @Override
  public synchronized boolean clusterParameterGroupExists(String name) {
    log.read("clusterParameterGroupExists", name);
    return parameterGroups.clusterFamily(name).isPresent();
  }

  @Override
  public synchronized Optional<String> clusterParameterGroupFamily(String name) {
    log.read("clusterParameterGroupFamily", name);
    return parameterGroups.clusterFamily(name);
  }

  @Override
  public synchronized Optional<String> instanceParameterGroupFamily(String name) {
    log.read("instanceParameterGroupFamily", name);
    return parameterGroups.instanceFamily(name);
  }

  @Override
  public synchronized Map<String, String> userClusterParameters(String groupName) {
    log.read("userClusterParameters", groupName);
    if (parameterGroups.clusterFamily(groupName).isEmpty()) {
      throw Refusals.error(404, "DBParameterGroupNotFound", "DBClusterParameterGroup not found: " + groupName);
    }
    Map<String, String> set = parameterGroups.clusterParameters(groupName);
    return set == null ? Map.of() : set;
  }

  @Override
  public synchronized Set<String> clusterParameterNames(String family) {
    log.read("clusterParameterNames", family);
    Set<String> names = familyParameterNames.get(family);
    if (names == null) {
      throw new AwsException(AwsErrorKind.UNSUPPORTED, "NotImplemented", "DescribeEngineDefaultClusterParameters, like moto");
    }
    return names;
  }

  /** ServerlessV2FeaturesSupport by engine version; none, like moto, unless a test states some. */
  public final Map<String, ServerlessV2Limits> serverlessV2Limits = new ConcurrentHashMap<>();

  @Override
  public Optional<ServerlessV2Limits> serverlessV2Limits(String engine, String engineVersion) {
    return Optional.ofNullable(serverlessV2Limits.get(engineVersion));
  }

  @Override
  public List<UpgradeTarget> validUpgradeTargets(String engine, String engineVersion) {
    throw new AwsException(AwsErrorKind.UNSUPPORTED, "NotImplemented", "validUpgradeTargets, as moto lacks it");
  }

  // ---- ClusterApi: Blue/Green readiness reads ---------------------------------------------------------

  /** Global Database membership and replica links by cluster id, as a test states them; none otherwise. */
  public final Map<String, ClusterReplication> replication = new ConcurrentHashMap<>();
  /** RDS Proxies by name, each with the cluster and instance ids it targets. */
  public final Map<String, List<String>> proxyTargets = new ConcurrentHashMap<>();

  /** Turns on the Secrets Manager-managed master password of a cluster, as ManageMasterUserPassword does. */
  public synchronized void manageMasterPassword(String clusterId) {
    Cluster c = clusters.get(rdsId(clusterId));
    c.masterUserSecretArn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-" + c.id;
  }

  @Override
  public synchronized ClusterReplication replicationOf(String clusterId) {
    String id = rdsId(clusterId);
    log.read("replicationOf", id);
    if (clusters.get(id) == null) {
      throw Refusals.clusterNotFound(id);
    }
    return replication.getOrDefault(id, ClusterReplication.NONE);
  }

  @Override
  public synchronized List<String> proxiesTargeting(String clusterId) {
    String id = rdsId(clusterId);
    log.read("proxiesTargeting", id);
    Set<String> members = new HashSet<>();
    members.add(id);
    instances.of(id).forEach(i -> members.add(i.id));
    return proxyTargets.entrySet().stream()
        .filter(p -> p.getValue().stream().anyMatch(members::contains))
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  // ---- ClusterApi: writes ----------------------------------------------------------------------------

  @Override
  public synchronized AuroraCluster createCluster(NewCluster n) {
    log.write("createCluster", rdsId(n.identifier()), "");
    Cluster c = clusters.create(n, parameterGroups);
    createRequests.add(n);
    return record(c);
  }

  @Override
  public synchronized AuroraCluster restoreFromSnapshot(ClusterRestore r) {
    log.write("restoreFromSnapshot", rdsId(r.identifier()), "");
    return record(clusters.restore(r, snapshots, parameterGroups));
  }

  @Override
  public synchronized AuroraCluster modifyCluster(String clusterId, ClusterChanges ch) {
    log.write("modifyCluster", rdsId(clusterId), (ch.engineVersion() == null ? "" : ch.engineVersion())
        + (ch.deletionProtection() == null ? "" : " DeletionProtection=" + ch.deletionProtection()));
    modifyRequests.add(ch);
    Cluster modified = clusters.get(rdsId(clusterId));
    if (modified != null && ch.parameterGroup() != null && !ch.parameterGroup().equals(modified.parameterGroup)) {
      blueGreen.beforeGroupChange(modified, parameterGroups);
    }
    if (upgradeFailure != null && ch.engineVersion() != null) {
      throw upgradeFailure;
    }
    return record(clusters.modify(rdsId(clusterId), ch, parameterGroups, clusterWritesIgnored));
  }

  /** The final snapshot starts with the deletion, as on RDS, and is "creating" for a while. */
  @Override
  public synchronized void deleteCluster(String clusterId, Optional<String> finalSnapshotId) {
    String id = rdsId(clusterId);
    Optional<String> finalSnapshot = finalSnapshotId.map(InMemoryRds::rdsId);
    // The logged id keeps the snapshot choice, as the DatabaseCluster tests read it.
    log.write("deleteCluster", id + finalSnapshot.map(s -> " snapshot=" + s).orElse(" no-snapshot"), "");
    Cluster c = clusters.existing(id);
    finalSnapshot.ifPresent(s -> {
      Refusals.checkIdentifier("FinalDBSnapshotIdentifier", s, Refusals.FINAL_SNAPSHOT_MAX_LENGTH);
      snapshots.requireFree(s);
    });
    clusters.delete(c, instances.of(id).stream().anyMatch(i -> !i.status().equals("deleting")));
    if (!finalSnapshotsLost) {
      finalSnapshot.ifPresent(s -> snapshots.start(s, id, c.engineVersion, c.copyTagsToSnapshot ? c.tags : Map.of(), true));
    }
  }

  @Override
  public synchronized void stopCluster(String clusterId) {
    log.write("stopCluster", rdsId(clusterId), "");
    clusters.changeState(rdsId(clusterId), "available", "stopping", "stopped");
  }

  @Override
  public synchronized void startCluster(String clusterId) {
    log.write("startCluster", rdsId(clusterId), "");
    clusters.changeState(rdsId(clusterId), "stopped", "starting", "available");
  }

  @Override
  public synchronized AuroraInstance createInstance(NewInstance n) {
    log.write("createInstance", rdsId(n.identifier()), n.instanceClass());
    Instance i = instances.create(n, clusters, parameterGroups);
    return Instances.toRecord(i, clusters.get(i.clusterId).status());
  }

  @Override
  public synchronized void modifyInstance(String instanceId, InstanceChanges changes) {
    log.write("modifyInstance", rdsId(instanceId), "");
    instances.modify(rdsId(instanceId), changes, clusters, parameterGroups, instanceWritesIgnored);
  }

  @Override
  public synchronized void deleteInstance(String instanceId) {
    log.write("deleteInstance", rdsId(instanceId), "");
    instances.delete(rdsId(instanceId));
  }

  @Override
  public synchronized ClusterSnapshot createSnapshot(String clusterId, String snapshotId, Map<String, String> tags) {
    log.write("createSnapshot", rdsId(snapshotId), "");
    return Snapshots.toRecord(snapshots.take(snapshotId, clusterId, tags, clusters));
  }

  @Override
  public synchronized void deleteSnapshot(String snapshotId) {
    log.write("deleteSnapshot", rdsId(snapshotId), "");
    snapshots.delete(rdsId(snapshotId));
  }

  @Override
  public synchronized void addTags(String arn, Map<String, String> tags) {
    log.write("addTags", arn, "");
    Map<String, String> current = tagsByArn(arn);
    if (!clusterWritesIgnored) {
      current.putAll(tags);
    }
  }

  @Override
  public synchronized void removeTags(String arn, Collection<String> keys) {
    log.write("removeTags", arn, "");
    Map<String, String> current = tagsByArn(arn);
    if (!clusterWritesIgnored) {
      current.keySet().removeAll(keys);
    }
  }

  @Override
  public synchronized void putClusterParameterGroup(
      String name, String family, Map<String, String> parameters, Map<String, String> tags) {
    log.write("putClusterParameterGroup", name, "");
    if (parameterGroups.clusterFamily(name).isEmpty()) {
      clusterGroupTags.put(name, Map.copyOf(tags));
    }
    // Static parameters such as rds.logical_replication take effect at the next reboot of the clusters using the group.
    clusters.all().stream().filter(c -> name.equals(c.parameterGroup))
        .forEach(c -> blueGreen.beforeGroupChange(c, parameterGroups));
    parameterGroups.putCluster(name, family, parameters);
  }

  /** As {@link ClusterApi} asks: RDS's DBParameterGroupNotFound for a missing group means already gone. */
  @Override
  public synchronized void deleteClusterParameterGroup(String name) {
    log.write("deleteClusterParameterGroup", name, "");
    try {
      parameterGroups.deleteClusterGroup(name, clusters);
    } catch (AwsException e) {
      if (!e.code().equals("DBParameterGroupNotFound")) {
        throw e;
      }
    }
    clusterGroupTags.remove(name);
  }

  // ---- ClusterApi: Blue/Green and the engine-mode change ------------------------------------------------

  @Override
  public synchronized BlueGreenDeployment createBlueGreenDeployment(NewBlueGreenDeployment d) {
    log.write("createBlueGreenDeployment", d.name(), d.targetEngineVersion());
    return blueGreen.create(d, clusters, instances, parameterGroups);
  }

  @Override
  public synchronized Optional<BlueGreenDeployment> findBlueGreenDeployment(String deploymentId) {
    log.read("findBlueGreenDeployment", deploymentId);
    return blueGreen.read(deploymentId, clusters, instances);
  }

  @Override
  public synchronized List<BlueGreenDeployment> blueGreenDeploymentsOfSource(String sourceArn) {
    log.read("blueGreenDeploymentsOfSource", sourceArn);
    return blueGreen.ofSource(sourceArn, clusters, instances);
  }

  @Override
  public synchronized BlueGreenDeployment switchoverBlueGreenDeployment(String deploymentId, java.time.Duration timeout) {
    log.write("switchoverBlueGreenDeployment", deploymentId, timeout.toSeconds() + "s");
    if (timeout.toSeconds() < 30 || timeout.toSeconds() > 3600) {
      throw Refusals.error(400, "InvalidParameterValue", "SwitchoverTimeout must be 30 to 3600 seconds");
    }
    return blueGreen.switchover(deploymentId);
  }

  @Override
  public synchronized void deleteBlueGreenDeployment(String deploymentId, boolean deleteTarget) {
    log.write("deleteBlueGreenDeployment", deploymentId, deleteTarget ? "DeleteTarget" : "");
    try {
      blueGreen.delete(deploymentId, deleteTarget, clusters, instances);
    } catch (AwsException e) {
      if (e.kind() != AwsErrorKind.NOT_FOUND) {
        throw e;
      }
    }
  }

  /**
   * RDS: AllowEngineModeChange is valid for Serverless v1 clusters only (InvalidParameterCombination otherwise);
   * the cluster is modifying for a while and gains a writer of the given class, the failover of the conversion.
   */
  @Override
  public synchronized AuroraCluster convertToProvisioned(String clusterId, String instanceClass) {
    String id = rdsId(clusterId);
    log.write("convertToProvisioned", id, instanceClass);
    Cluster c = clusters.existing(id);
    if (!"serverless".equals(c.engineMode)) {
      throw Refusals.error(400, "InvalidParameterCombination", "The engine mode of " + id + " is " + c.engineMode
          + "; AllowEngineModeChange applies to Aurora Serverless v1 clusters only");
    }
    if (instanceClass == null || instanceClass.isBlank()) {
      throw Refusals.error(400, "InvalidParameterCombination", "DBClusterInstanceClass is required to change the"
          + " engine mode to provisioned");
    }
    if (!c.status().equals("available")) {
      throw Refusals.clusterState(id, c.status());
    }
    c.engineMode = "provisioned";
    clusters.begin(c, "modifying", "available");
    if (instances.of(id).isEmpty()) {
      instances.add(id + "-instance-1", id, instanceClass, "default." + Refusals.familyOf(c.engineVersion), true)
          .promotionTier = 0;
    }
    return record(c);
  }

  @Override
  public synchronized void rebootInstance(String instanceId) {
    String id = rdsId(instanceId);
    log.write("rebootInstance", id, "");
    Instance i = instances.idle(id);
    instances.begin(i, "rebooting", "available");
    blueGreen.rebooted(i.clusterId);
  }

  // ---- internals -------------------------------------------------------------------------------------

  private AuroraCluster record(Cluster c) {
    return Clusters.toRecord(c, instances.membersOf(c.id));
  }

  /** The tags of the cluster, instance or cluster snapshot an ARN names. */
  private Map<String, String> tagsByArn(String arn) {
    String[] parts = arn.split(":");
    String type = parts.length == 7 ? parts[5] : "";
    String id = parts.length == 7 ? rdsId(parts[6]) : "";
    return switch (type) {
      case "cluster" -> clusters.existing(id).tags;
      case "db" -> Optional.ofNullable(instances.get(id)).orElseThrow(() -> Refusals.instanceNotFound(id)).tags;
      case "cluster-snapshot" -> Optional.ofNullable(snapshots.get(id)).orElseThrow(() -> Refusals.snapshotNotFound(id)).tags;
      default -> throw Refusals.error(400, "InvalidParameterValue", "Invalid resource name: " + arn);
    };
  }

  /** RDS accepts identifiers in any case and stores them in lower case. */
  static String rdsId(String id) {
    return id.toLowerCase(Locale.ROOT);
  }

  static String arn(String type, String id) {
    return "arn:aws:rds:us-east-1:123456789012:" + type + ":" + id;
  }
}
