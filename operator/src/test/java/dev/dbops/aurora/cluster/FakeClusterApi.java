package dev.dbops.aurora.cluster;

import dev.dbops.aurora.upgrade.UpgradePath;
import dev.dbops.aurora.aws.AuroraCluster;
import dev.dbops.aurora.aws.AuroraInstance;
import dev.dbops.aurora.aws.AwsErrorKind;
import dev.dbops.aurora.aws.AwsException;
import dev.dbops.aurora.aws.Capacity;
import dev.dbops.aurora.aws.ClusterApi;
import dev.dbops.aurora.aws.ClusterChanges;
import dev.dbops.aurora.aws.ClusterMember;
import dev.dbops.aurora.aws.ClusterRestore;
import dev.dbops.aurora.aws.ClusterSnapshot;
import dev.dbops.aurora.aws.InstanceChanges;
import dev.dbops.aurora.aws.NewCluster;
import dev.dbops.aurora.aws.NewInstance;
import dev.dbops.aurora.aws.ServerlessV2Limits;
import dev.dbops.aurora.aws.UpgradeTarget;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * RDS in memory, for one region. Clusters and instances answer with a busy status ("creating",
 * "modifying", "deleting") for the first {@code busyReads} reads after a write, then settle, like RDS
 * does over minutes. Every call is logged; failures can be injected per method. Identifiers are matched
 * case-insensitively and stored in lower case, as RDS does.
 */
final class FakeClusterApi implements ClusterApi {

  /** One logged call: the method, the identifier it was about, and when. */
  record Call(String method, String id, long atMillis) {}

  private final int busyReads;
  private final Map<String, ClusterState> clusters = new LinkedHashMap<>();
  private final Map<String, InstanceState> instances = new LinkedHashMap<>();
  private final Map<String, ClusterSnapshot> snapshots = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> parameterGroups = new HashMap<>();
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final Map<String, Failure> failures = new HashMap<>();
  private final List<NewCluster> createRequests = new CopyOnWriteArrayList<>();
  private final List<ClusterChanges> modifyRequests = new CopyOnWriteArrayList<>();
  private boolean instanceFilterIgnored;
  private final Map<String, Integer> hiddenFinds = new HashMap<>();
  private boolean finalSnapshotsLost;
  private boolean clusterWritesIgnored;

  private record Failure(AwsException error, int remaining) {}

  private static final class ClusterState {
    String id;
    String status;
    int busy;
    String engineVersion;
    Capacity scaling;
    Integer retention;
    String backupWindow;
    String maintenanceWindow;
    boolean deletionProtection;
    String parameterGroup;
    List<String> logExports = new ArrayList<>();
    Map<String, String> tags = new LinkedHashMap<>();
    String masterUsername;
    String databaseName;
    Integer port;
    String masterUserSecretArn;
    boolean copyTagsToSnapshot;
    Optional<String> finalSnapshot = Optional.empty();
  }

  private static final class InstanceState {
    String id;
    String clusterId;
    String status;
    int busy;
    Integer promotionTier;
    boolean performanceInsights;
    Integer performanceInsightsRetention;
  }

  FakeClusterApi(int busyReads) {
    this.busyReads = busyReads;
  }

  // ---- test controls -------------------------------------------------------------------------------

  /** A cluster made outside the operator, available at once, with these tags. */
  synchronized void addExistingCluster(String id, String engineVersion, Map<String, String> tags) {
    ClusterState c = new ClusterState();
    c.id = rdsId(id);
    c.status = "available";
    c.engineVersion = engineVersion;
    c.scaling = new Capacity(0.5, 4.0, null);
    c.retention = 7;
    c.tags.putAll(tags);
    c.masterUsername = "postgres";
    c.databaseName = "postgres";
    c.port = 5432;
    c.copyTagsToSnapshot = true;
    clusters.put(c.id, c);
    InstanceState i = new InstanceState();
    i.id = c.id + "-1";
    i.clusterId = c.id;
    i.status = "available";
    instances.put(i.id, i);
  }

  /**
   * From now on an instance query answers with every instance of the region, as an endpoint that ignores
   * the db-cluster-id filter does; each instance still names its own cluster.
   */
  synchronized void ignoreInstanceFilter() {
    instanceFilterIgnored = true;
  }

  /** From now on a deleted cluster goes away without the final snapshot its delete asked for. */
  synchronized void loseFinalSnapshots() {
    finalSnapshotsLost = true;
  }

  /**
   * From now on ModifyDBCluster and tag writes are accepted (the cluster goes through "modifying") but
   * a re-read never shows their effect, as an emulator did that answered without storing the change.
   */
  synchronized void ignoreClusterWrites() {
    clusterWritesIgnored = true;
  }

  /**
   * The next {@code finds} finds of this cluster answer "absent" although it exists, as RDS's describes do
   * for a while after a create (eventual consistency).
   */
  synchronized void hideFromFinds(String clusterId, int finds) {
    hiddenFinds.put(rdsId(clusterId), finds);
  }

  synchronized boolean instanceExists(String id) {
    return instances.containsKey(rdsId(id));
  }

  /** Backup settings someone chose for a cluster outside the operator. */
  synchronized void setBackupSettings(String clusterId, int retentionDays, boolean copyTagsToSnapshot) {
    ClusterState c = existing(clusterId);
    c.retention = retentionDays;
    c.copyTagsToSnapshot = copyTagsToSnapshot;
  }

  synchronized AuroraCluster describe(String clusterId) {
    return toRecord(existing(clusterId));
  }

  /** The next {@code times} calls of {@code method} throw {@code error}. */
  synchronized void fail(String method, AwsException error, int times) {
    failures.put(method, new Failure(error, times));
  }

  synchronized void failAlways(String method, AwsErrorKind kind, String code, String message) {
    failures.put(method, new Failure(new AwsException(kind, code, message), Integer.MAX_VALUE));
  }

  List<Call> calls() {
    return List.copyOf(calls);
  }

  List<Call> calls(String method) {
    return calls.stream().filter(c -> c.method().equals(method)).toList();
  }

  List<NewCluster> createRequests() {
    return List.copyOf(createRequests);
  }

  List<ClusterChanges> modifyRequests() {
    return List.copyOf(modifyRequests);
  }

  synchronized boolean clusterExists(String id) {
    return clusters.containsKey(rdsId(id));
  }

  synchronized Optional<ClusterSnapshot> snapshot(String id) {
    return Optional.ofNullable(snapshots.get(rdsId(id)));
  }

  synchronized Map<String, String> tagsOf(String clusterId) {
    return Map.copyOf(clusters.get(rdsId(clusterId)).tags);
  }

  synchronized Map<String, String> parameterGroup(String name) {
    return parameterGroups.get(name);
  }

  // ---- ClusterApi ----------------------------------------------------------------------------------

  @Override
  public synchronized Optional<AuroraCluster> findCluster(String clusterId) {
    log("findCluster", clusterId);
    ClusterState c = clusters.get(rdsId(clusterId));
    if (c == null || hiddenFinds.merge(rdsId(clusterId), -1, Integer::sum) >= 0) {
      return Optional.empty();
    }
    if (c.busy > 0 && --c.busy == 0) {
      if ("deleting".equals(c.status)) {
        clusters.remove(c.id);
        c.finalSnapshot.filter(s -> !finalSnapshotsLost).ifPresent(s -> snapshots.put(s, new ClusterSnapshot(
            s, arn("cluster-snapshot", s), c.id, "available", c.engineVersion, 100)));
        return Optional.empty();
      }
      c.status = "available";
    }
    return Optional.of(toRecord(c));
  }

  @Override
  public synchronized List<AuroraInstance> findInstances(String clusterId) {
    log("findInstances", clusterId);
    List<AuroraInstance> result = new ArrayList<>();
    for (InstanceState i : new ArrayList<>(instances.values())) {
      if (!instanceFilterIgnored && !i.clusterId.equals(rdsId(clusterId))) {
        continue;
      }
      if (i.busy > 0 && --i.busy == 0) {
        if ("deleting".equals(i.status)) {
          instances.remove(i.id);
          continue;
        }
        i.status = "available";
      }
      result.add(new AuroraInstance(i.id, arn("db", i.id), i.clusterId, "db.serverless", i.status, i.promotionTier,
          i.performanceInsights, i.performanceInsightsRetention, "default.aurora-postgresql15"));
    }
    return result;
  }

  @Override
  public void refresh(String clusterId) {
    log("refresh", clusterId);
  }

  @Override
  public synchronized AuroraCluster createCluster(NewCluster n) {
    call("createCluster", n.identifier());
    if (clusters.containsKey(rdsId(n.identifier()))) {
      throw new AwsException(AwsErrorKind.ALREADY_EXISTS, "DBClusterAlreadyExistsFault", "exists");
    }
    createRequests.add(n);
    ClusterState c = new ClusterState();
    c.id = rdsId(n.identifier());
    c.status = "creating";
    c.busy = busyReads;
    c.engineVersion = n.engineVersion();
    c.scaling = n.scaling();
    c.retention = n.backupRetentionDays();
    c.backupWindow = n.backupWindow() != null ? n.backupWindow() : "03:00-03:30";
    c.maintenanceWindow = n.maintenanceWindow() != null ? n.maintenanceWindow() : "sun:05:00-sun:05:30";
    c.deletionProtection = n.deletionProtection();
    c.parameterGroup = n.parameterGroup() != null ? n.parameterGroup() : "default.aurora-postgresql15";
    c.logExports.addAll(n.logExports());
    c.tags.putAll(n.tags());
    c.masterUsername = n.masterUsername();
    c.databaseName = n.databaseName();
    c.port = n.port();
    c.copyTagsToSnapshot = n.copyTagsToSnapshot();
    if (n.manageMasterUserPassword()) {
      c.masterUserSecretArn = arn("secret", "rds!cluster-" + n.identifier());
    }
    clusters.put(c.id, c);
    return toRecord(c);
  }

  @Override
  public synchronized AuroraCluster restoreFromSnapshot(ClusterRestore r) {
    call("restoreFromSnapshot", r.identifier());
    ClusterState c = new ClusterState();
    c.id = rdsId(r.identifier());
    c.status = "creating";
    c.busy = busyReads;
    c.engineVersion = r.engineVersion();
    c.scaling = r.scaling();
    c.retention = 7;
    c.deletionProtection = r.deletionProtection();
    c.parameterGroup = r.parameterGroup() != null ? r.parameterGroup() : "default.aurora-postgresql15";
    c.logExports.addAll(r.logExports());
    c.tags.putAll(r.tags());
    c.masterUsername = "postgres";
    c.databaseName = "postgres";
    c.port = r.port();
    c.copyTagsToSnapshot = true;
    clusters.put(c.id, c);
    return toRecord(c);
  }

  @Override
  public synchronized AuroraCluster modifyCluster(String clusterId, ClusterChanges ch) {
    call("modifyCluster", clusterId);
    modifyRequests.add(ch);
    ClusterState c = existing(clusterId);
    if (clusterWritesIgnored) {
      c.status = "modifying";
      c.busy = busyReads;
      return toRecord(c);
    }
    if (ch.scaling() != null) {
      c.scaling = ch.scaling();
    }
    if (ch.backupRetentionDays() != null) {
      c.retention = ch.backupRetentionDays();
    }
    if (ch.backupWindow() != null) {
      c.backupWindow = ch.backupWindow();
    }
    if (ch.maintenanceWindow() != null) {
      c.maintenanceWindow = ch.maintenanceWindow();
    }
    if (ch.deletionProtection() != null) {
      c.deletionProtection = ch.deletionProtection();
    }
    if (ch.parameterGroup() != null) {
      c.parameterGroup = ch.parameterGroup();
    }
    if (ch.enableLogTypes() != null) {
      c.logExports.addAll(ch.enableLogTypes());
    }
    if (ch.disableLogTypes() != null) {
      c.logExports.removeAll(ch.disableLogTypes());
    }
    if (ch.copyTagsToSnapshot() != null) {
      c.copyTagsToSnapshot = ch.copyTagsToSnapshot();
    }
    if (ch.engineVersion() != null) {
      if (ch.engineVersion() != null && UpgradePath.isMajorUpgrade(c.engineVersion, ch.engineVersion()) && !ch.allowMajorVersionUpgrade()) {
        throw new AwsException(AwsErrorKind.TERMINAL, "InvalidParameterCombination",
            "The AllowMajorVersionUpgrade flag must be present when upgrading to a new major version.");
      }
      c.engineVersion = ch.engineVersion();
    }
    c.status = "modifying";
    c.busy = busyReads;
    return toRecord(c);
  }

  @Override
  public synchronized void deleteCluster(String clusterId, Optional<String> finalSnapshotId) {
    call("deleteCluster", clusterId + finalSnapshotId.map(s -> " snapshot=" + s).orElse(" no-snapshot"));
    ClusterState c = existing(clusterId);
    if (c.deletionProtection) {
      throw new AwsException(AwsErrorKind.TERMINAL, "InvalidParameterCombination", "deletion protection is on");
    }
    if (instances.values().stream().anyMatch(i -> i.clusterId.equals(c.id))) {
      throw new AwsException(AwsErrorKind.INVALID_STATE, "InvalidDBClusterStateFault", "cluster has instances");
    }
    c.status = "deleting";
    c.busy = busyReads;
    c.finalSnapshot = finalSnapshotId.map(FakeClusterApi::rdsId);
  }

  @Override
  public void stopCluster(String clusterId) {
    throw new UnsupportedOperationException("stopCluster");
  }

  @Override
  public void startCluster(String clusterId) {
    throw new UnsupportedOperationException("startCluster");
  }

  @Override
  public synchronized AuroraInstance createInstance(NewInstance n) {
    call("createInstance", n.identifier());
    ClusterState cluster = existing(n.clusterId());
    if (instances.containsKey(rdsId(n.identifier()))) {
      throw new AwsException(AwsErrorKind.ALREADY_EXISTS, "DBInstanceAlreadyExists", "exists");
    }
    InstanceState i = new InstanceState();
    i.id = rdsId(n.identifier());
    i.clusterId = cluster.id;
    i.status = "creating";
    i.busy = busyReads;
    i.promotionTier = n.promotionTier() != null ? n.promotionTier() : 1;
    i.performanceInsights = n.performanceInsightsEnabled();
    i.performanceInsightsRetention = n.performanceInsightsRetentionDays();
    instances.put(i.id, i);
    return new AuroraInstance(i.id, arn("db", i.id), i.clusterId, n.instanceClass(), i.status, i.promotionTier,
        i.performanceInsights, i.performanceInsightsRetention, null);
  }

  @Override
  public synchronized void modifyInstance(String instanceId, InstanceChanges changes) {
    call("modifyInstance", instanceId);
    InstanceState i = instances.get(rdsId(instanceId));
    if (i == null) {
      throw new AwsException(AwsErrorKind.NOT_FOUND, "DBInstanceNotFound", instanceId);
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
    i.status = "modifying";
    i.busy = busyReads;
  }

  @Override
  public synchronized void deleteInstance(String instanceId) {
    call("deleteInstance", instanceId);
    InstanceState i = instances.get(rdsId(instanceId));
    if (i == null) {
      throw new AwsException(AwsErrorKind.NOT_FOUND, "DBInstanceNotFound", instanceId);
    }
    i.status = "deleting";
    i.busy = busyReads;
  }

  @Override
  public synchronized Optional<ClusterSnapshot> findSnapshot(String snapshotId) {
    log("findSnapshot", snapshotId);
    return Optional.ofNullable(snapshots.get(rdsId(snapshotId)));
  }

  @Override
  public synchronized ClusterSnapshot createSnapshot(String clusterId, String snapshotId, Map<String, String> tags) {
    call("createSnapshot", snapshotId);
    ClusterState c = existing(clusterId);
    ClusterSnapshot s = new ClusterSnapshot(rdsId(snapshotId), arn("cluster-snapshot", rdsId(snapshotId)), c.id,
        "available", c.engineVersion, 100);
    snapshots.put(s.identifier(), s);
    return s;
  }

  @Override
  public synchronized void deleteSnapshot(String snapshotId) {
    call("deleteSnapshot", snapshotId);
    snapshots.remove(rdsId(snapshotId));
  }

  @Override
  public synchronized void addTags(String arn, Map<String, String> tags) {
    call("addTags", arn);
    ClusterState c = clusterByArn(arn);
    if (!clusterWritesIgnored) {
      c.tags.putAll(tags);
    }
  }

  @Override
  public synchronized void removeTags(String arn, Collection<String> keys) {
    call("removeTags", arn);
    ClusterState c = clusterByArn(arn);
    if (!clusterWritesIgnored) {
      c.tags.keySet().removeAll(keys);
    }
  }

  @Override
  public synchronized boolean clusterParameterGroupExists(String name) {
    log("clusterParameterGroupExists", name);
    return parameterGroups.containsKey(name);
  }

  @Override
  public synchronized Optional<String> clusterParameterGroupFamily(String name) {
    log("clusterParameterGroupFamily", name);
    return parameterGroups.containsKey(name) ? Optional.of("aurora-postgresql15") : Optional.empty();
  }

  @Override
  public synchronized Optional<String> instanceParameterGroupFamily(String name) {
    log("instanceParameterGroupFamily", name);
    return Optional.empty();
  }

  @Override
  public synchronized void putClusterParameterGroup(
      String name, String family, Map<String, String> parameters, Map<String, String> tags) {
    call("putClusterParameterGroup", name);
    parameterGroups.computeIfAbsent(name, k -> new HashMap<>()).putAll(parameters);
  }

  @Override
  public List<UpgradeTarget> validUpgradeTargets(String engine, String engineVersion) {
    throw new AwsException(AwsErrorKind.UNSUPPORTED, "NotImplemented", "validUpgradeTargets");
  }

  /** ServerlessV2FeaturesSupport by engine version; none, like moto, unless a test states some. */
  public final Map<String, ServerlessV2Limits> serverlessV2Limits = new HashMap<>();

  @Override
  public synchronized Optional<ServerlessV2Limits> serverlessV2Limits(String engine, String engineVersion) {
    log("serverlessV2Limits", engineVersion);
    return Optional.ofNullable(serverlessV2Limits.get(engineVersion));
  }

  // ---- internals -------------------------------------------------------------------------------------

  private void log(String method, String id) {
    calls.add(new Call(method, id, System.currentTimeMillis()));
  }

  /** Logs a write and throws the injected failure, if any. */
  private void call(String method, String id) {
    log(method, id);
    Failure f = failures.get(method);
    if (f != null && f.remaining() > 0) {
      failures.put(method, new Failure(f.error(), f.remaining() == Integer.MAX_VALUE ? f.remaining() : f.remaining() - 1));
      throw f.error();
    }
  }

  private ClusterState existing(String clusterId) {
    ClusterState c = clusters.get(rdsId(clusterId));
    if (c == null) {
      throw new AwsException(AwsErrorKind.NOT_FOUND, "DBClusterNotFoundFault", clusterId);
    }
    return c;
  }

  private ClusterState clusterByArn(String arn) {
    return clusters.values().stream().filter(c -> arn("cluster", c.id).equalsIgnoreCase(arn)).findFirst()
        .orElseThrow(() -> new AwsException(AwsErrorKind.NOT_FOUND, "DBClusterNotFoundFault", arn));
  }

  private AuroraCluster toRecord(ClusterState c) {
    List<ClusterMember> members = new ArrayList<>();
    boolean first = true;
    for (InstanceState i : instances.values()) {
      if (i.clusterId.equals(c.id)) {
        members.add(new ClusterMember(i.id, first, i.promotionTier));
        first = false;
      }
    }
    return new AuroraCluster(c.id, arn("cluster", c.id), c.status, "aurora-postgresql", c.engineVersion,
        "provisioned", c.id + ".cluster-abc.us-east-1.rds.amazonaws.com",
        c.id + ".cluster-ro-abc.us-east-1.rds.amazonaws.com", c.port, c.masterUsername, c.databaseName, c.scaling,
        c.retention, c.backupWindow, c.maintenanceWindow, c.deletionProtection, c.parameterGroup,
        List.copyOf(c.logExports), Map.copyOf(c.tags), members, true, null, c.masterUserSecretArn, "default",
        List.of(), c.copyTagsToSnapshot);
  }

  /** RDS accepts identifiers in any case and stores them in lower case. */
  private static String rdsId(String id) {
    return id.toLowerCase(java.util.Locale.ROOT);
  }

  private static String arn(String type, String id) {
    return "arn:aws:rds:us-east-1:123456789012:" + type + ":" + id;
  }
}
