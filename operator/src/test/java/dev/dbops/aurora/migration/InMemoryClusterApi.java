package dev.dbops.aurora.migration;

import dev.dbops.aurora.aws.AuroraCluster;
import dev.dbops.aurora.aws.AuroraInstance;
import dev.dbops.aurora.aws.AwsErrorKind;
import dev.dbops.aurora.aws.AwsException;
import dev.dbops.aurora.aws.Capacity;
import dev.dbops.aurora.aws.ClusterApi;
import dev.dbops.aurora.aws.ClusterChanges;
import dev.dbops.aurora.aws.ClusterRestore;
import dev.dbops.aurora.aws.ClusterSnapshot;
import dev.dbops.aurora.aws.InstanceChanges;
import dev.dbops.aurora.aws.NewCluster;
import dev.dbops.aurora.aws.NewInstance;
import dev.dbops.aurora.aws.ServerlessV2Limits;
import dev.dbops.aurora.aws.UpgradeTarget;
import dev.dbops.aurora.aws.sdk.AwsErrorClassifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * RDS in memory, as much as the migration uses: anything created or modified answers with a busy status
 * for {@code busyReads} reads, then "available". Every write is logged so tests can count them. Where the
 * migration's safety depends on a refusal, it refuses as RDS does: DeleteDBCluster of a deletion-protected
 * cluster.
 */
final class InMemoryClusterApi implements ClusterApi {
  final Map<String, AuroraCluster> clusters = new LinkedHashMap<>();
  final Map<String, AuroraInstance> instances = new LinkedHashMap<>();
  final Map<String, ClusterSnapshot> snapshots = new LinkedHashMap<>();
  final List<String> calls = new CopyOnWriteArrayList<>();
  /** Parameter groups by name → family, besides the default.<family> groups AWS always has. */
  final Map<String, String> clusterParameterGroups = new LinkedHashMap<>();
  final Map<String, String> instanceParameterGroups = new LinkedHashMap<>();
  /** Clusters restored from a snapshot of an Aurora Serverless v1 cluster. */
  private final java.util.Set<String> restoredFromServerlessV1 = new java.util.HashSet<>();
  /** ServerlessV2FeaturesSupport by engine version; none, like moto, unless a test states some. */
  final Map<String, ServerlessV2Limits> serverlessV2Limits = new LinkedHashMap<>();
  private final Map<String, Integer> busy = new LinkedHashMap<>();
  /** Thrown by every engine-version change while set. */
  volatile AwsException upgradeFailure;
  private final int busyReads;

  InMemoryClusterApi(int busyReads) {
    this.busyReads = busyReads;
  }

  synchronized void addSource(String id, String version, String engineMode) {
    clusters.put(id, cluster(id, version, engineMode, "available", null, Map.of(), false));
    instances.put(id + "-instance", new AuroraInstance(id + "-instance", "arn:" + id + "-instance", id, "db.r6g.large", "available", 0, false, null, null));
  }

  /** Someone outside the migration turns deletion protection on (console, Terraform, a policy). */
  synchronized void protect(String clusterId) {
    AuroraCluster c = clusters.get(clusterId);
    clusters.put(clusterId, cluster(clusterId, c.engineVersion(), c.engineMode(), c.status(), c.scaling(), c.tags(), true));
  }

  /** Gives a cluster a DB cluster parameter group, as DescribeDBClusters reports it. */
  synchronized void setParameterGroup(String id, String group) {
    AuroraCluster c = clusters.get(id);
    clusters.put(id, new AuroraCluster(c.identifier(), c.arn(), c.status(), c.engine(), c.engineVersion(), c.engineMode(),
        c.endpoint(), c.readerEndpoint(), c.port(), c.masterUsername(), c.databaseName(), c.scaling(),
        c.backupRetentionDays(), c.backupWindow(), c.maintenanceWindow(), c.deletionProtection(), group, c.logExports(),
        c.tags(), c.members(), c.storageEncrypted(), c.kmsKeyId(), c.masterUserSecretArn(), c.dbSubnetGroup(),
        c.securityGroupIds(), c.copyTagsToSnapshot()));
  }

  long count(String call) {
    return calls.stream().filter(c -> c.startsWith(call)).count();
  }

  @Override
  public synchronized Optional<AuroraCluster> findCluster(String clusterId) {
    return Optional.ofNullable(clusters.get(clusterId)).map(c -> settle(c.identifier(), c));
  }

  @Override
  public synchronized List<AuroraInstance> findInstances(String clusterId) {
    return instances.values().stream()
        .filter(i -> i.clusterId().equals(clusterId))
        .map(i -> settle(i.identifier(), i))
        .toList();
  }

  @Override
  public void refresh(String clusterId) {}

  @Override
  public AuroraCluster createCluster(NewCluster cluster) {
    throw new UnsupportedOperationException("the migration never creates an empty cluster");
  }

  @Override
  public synchronized AuroraCluster restoreFromSnapshot(ClusterRestore restore) {
    calls.add("restoreFromSnapshot " + restore.identifier());
    if (clusters.containsKey(restore.identifier())) {
      throw new AwsException(AwsErrorKind.ALREADY_EXISTS, "DBClusterAlreadyExistsFault", "exists");
    }
    ClusterSnapshot snapshot = snapshots.get(restore.snapshotIdentifier());
    refuseScalingTheVersionCannotTake(snapshot.engineVersion(), restore.scaling());
    AuroraCluster c = cluster(restore.identifier(), snapshot.engineVersion(), "provisioned", "creating", restore.scaling(), restore.tags(),
        restore.deletionProtection());
    clusters.put(c.identifier(), c);
    AuroraCluster source = clusters.get(snapshot.clusterId());
    if (source != null && "serverless".equals(source.engineMode())) {
      restoredFromServerlessV1.add(c.identifier());
    }
    busy.put(c.identifier(), busyReads);
    return c;
  }

  @Override
  public synchronized AuroraCluster modifyCluster(String clusterId, ClusterChanges changes) {
    if (upgradeFailure != null && changes.engineVersion() != null) {
      throw upgradeFailure;
    }
    refuseMissingParameterGroups(changes);
    calls.add("modifyCluster " + clusterId + (changes.engineVersion() == null ? "" : " " + changes.engineVersion())
        + (changes.deletionProtection() == null ? "" : " DeletionProtection=" + changes.deletionProtection()));
    AuroraCluster c = clusters.get(clusterId);
    String version = changes.engineVersion() == null ? c.engineVersion() : changes.engineVersion();
    Capacity scaling = changes.scaling() == null ? c.scaling() : changes.scaling();
    refuseScalingTheVersionCannotTake(version, changes.scaling());
    boolean protection = changes.deletionProtection() == null ? c.deletionProtection() : changes.deletionProtection();
    AuroraCluster updated = cluster(clusterId, version, c.engineMode(), changes.engineVersion() == null ? "modifying" : "upgrading", scaling, c.tags(),
        protection);
    clusters.put(clusterId, updated);
    busy.put(clusterId, busyReads);
    return updated;
  }

  @Override
  public synchronized void deleteCluster(String clusterId, Optional<String> finalSnapshotId) {
    calls.add("deleteCluster " + clusterId + finalSnapshotId.map(s -> " final " + s).orElse(""));
    if (clusters.containsKey(clusterId) && clusters.get(clusterId).deletionProtection()) {
      // RDS's words (Aurora User Guide, deletion protection); the cluster and what is left of it stay.
      throw new AwsException(AwsErrorKind.TERMINAL, "InvalidParameterCombination",
          "Cannot delete protected Cluster, please disable deletion protection and try again.");
    }
    AuroraCluster c = clusters.remove(clusterId);
    finalSnapshotId.ifPresent(s -> snapshots.put(s, new ClusterSnapshot(s, "arn:" + s, clusterId, "available", c.engineVersion(), 100)));
  }

  @Override
  public synchronized void stopCluster(String clusterId) {
    calls.add("stopCluster " + clusterId);
    changeState(clusterId, "available", "stopping");
  }

  @Override
  public synchronized void startCluster(String clusterId) {
    calls.add("startCluster " + clusterId);
    changeState(clusterId, "stopped", "starting");
  }

  /** What AWS does to a cluster stopped for seven days (Aurora User Guide, stopping and starting a cluster). */
  synchronized void startedByAws(String clusterId) {
    changeState(clusterId, "stopped", "starting");
  }

  /** RDS stops only an available cluster and starts only a stopped one. */
  private void changeState(String clusterId, String from, String to) {
    AuroraCluster c = clusters.get(clusterId);
    if (!from.equals(c.status())) {
      throw new AwsException(AwsErrorKind.INVALID_STATE, "InvalidDBClusterStateFault",
          "DbCluster " + clusterId + " is in " + c.status() + " state but expected it to be " + from + ".");
    }
    clusters.put(clusterId, cluster(clusterId, c.engineVersion(), c.engineMode(), to, c.scaling(), c.tags(), c.deletionProtection()));
    busy.put(clusterId, busyReads);
  }

  @Override
  public synchronized AuroraInstance createInstance(NewInstance instance) {
    calls.add("createInstance " + instance.identifier() + " " + instance.instanceClass());
    if (instances.containsKey(instance.identifier())) {
      throw new AwsException(AwsErrorKind.ALREADY_EXISTS, "DBInstanceAlreadyExists", "exists");
    }
    // Aurora User Guide, "Migrating to Aurora Serverless v2": the first DB instance of a cluster converted
    // from Aurora Serverless v1 must be provisioned (its creation completes the conversion); held as a rule here.
    if (restoredFromServerlessV1.contains(instance.clusterId()) && "db.serverless".equals(instance.instanceClass())
        && instances.values().stream().noneMatch(i -> i.clusterId().equals(instance.clusterId()))) {
      throw rdsError(400, "InvalidParameterCombination",
          "the first DB instance of a cluster restored from an Aurora Serverless v1 snapshot must be provisioned");
    }
    if (instance.parameterGroup() != null) {
      // RDS takes only a DB parameter group of the cluster's current family.
      String family = "aurora-postgresql" + clusters.get(instance.clusterId()).engineVersion().split("\\.")[0];
      if (!instanceParameterGroupFamily(instance.parameterGroup()).map(family::equals).orElse(false)) {
        throw rdsError(400, "InvalidParameterCombination", "DB parameter group " + instance.parameterGroup()
            + " is not of family " + family);
      }
    }
    AuroraInstance i = new AuroraInstance(instance.identifier(), "arn:" + instance.identifier(), instance.clusterId(),
        instance.instanceClass(), "creating", instance.promotionTier(), false, null, instance.parameterGroup());
    instances.put(i.identifier(), i);
    busy.put(i.identifier(), busyReads);
    return i;
  }

  @Override
  public synchronized void modifyInstance(String instanceId, InstanceChanges changes) {
    calls.add("modifyInstance " + instanceId);
  }

  @Override
  public synchronized void deleteInstance(String instanceId) {
    calls.add("deleteInstance " + instanceId);
    instances.remove(instanceId);
  }

  @Override
  public synchronized Optional<ClusterSnapshot> findSnapshot(String snapshotId) {
    return Optional.ofNullable(snapshots.get(snapshotId)).map(s -> settle(s.identifier(), s));
  }

  @Override
  public synchronized ClusterSnapshot createSnapshot(String clusterId, String snapshotId, Map<String, String> tags) {
    calls.add("createSnapshot " + snapshotId);
    if (snapshots.containsKey(snapshotId)) {
      throw new AwsException(AwsErrorKind.ALREADY_EXISTS, "DBClusterSnapshotAlreadyExistsFault", "exists");
    }
    ClusterSnapshot s = new ClusterSnapshot(snapshotId, "arn:snapshot:" + snapshotId, clusterId, "creating", clusters.get(clusterId).engineVersion(), 0, tags);
    snapshots.put(snapshotId, s);
    busy.put(snapshotId, busyReads);
    return s;
  }

  @Override
  public synchronized void deleteSnapshot(String snapshotId) {
    calls.add("deleteSnapshot " + snapshotId);
    snapshots.remove(snapshotId);
  }

  @Override
  public void addTags(String arn, Map<String, String> tags) {}

  @Override
  public void removeTags(String arn, Collection<String> keys) {}

  @Override
  public boolean clusterParameterGroupExists(String name) {
    return clusterParameterGroupFamily(name).isPresent();
  }

  @Override
  public synchronized Optional<String> clusterParameterGroupFamily(String name) {
    return Optional.ofNullable(clusterParameterGroups.get(name)).or(() -> defaultGroupFamily(name));
  }

  @Override
  public synchronized Optional<String> instanceParameterGroupFamily(String name) {
    return Optional.ofNullable(instanceParameterGroups.get(name)).or(() -> defaultGroupFamily(name));
  }

  /** AWS has a default.<family> group of each kind for every family. */
  private static Optional<String> defaultGroupFamily(String name) {
    return name.startsWith("default.aurora-postgresql") ? Optional.of(name.substring("default.".length())) : Optional.empty();
  }

  /** As RDS answers a ModifyDBCluster naming a group that does not exist, through the SDK layer's classifier. */
  private void refuseMissingParameterGroups(ClusterChanges changes) {
    if (changes.parameterGroup() != null && clusterParameterGroupFamily(changes.parameterGroup()).isEmpty()) {
      throw rdsError(404, "DBClusterParameterGroupNotFound", "DBClusterParameterGroup not found: " + changes.parameterGroup());
    }
    if (changes.instanceParameterGroup() != null && instanceParameterGroupFamily(changes.instanceParameterGroup()).isEmpty()) {
      throw rdsError(404, "DBParameterGroupNotFound", "DBParameterGroup not found: " + changes.instanceParameterGroup());
    }
  }

  private static AwsException rdsError(int status, String code, String message) {
    return AwsErrorClassifier.classify(AwsServiceException.builder().statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).serviceName("Rds").build())
        .build());
  }

  @Override
  public void putClusterParameterGroup(String name, String family, Map<String, String> parameters, Map<String, String> tags) {}

  @Override
  public List<UpgradeTarget> validUpgradeTargets(String engine, String engineVersion) {
    throw new AwsException(AwsErrorKind.UNSUPPORTED, "NotImplemented", "like moto");
  }

  @Override
  public synchronized Optional<ServerlessV2Limits> serverlessV2Limits(String engine, String engineVersion) {
    return Optional.ofNullable(serverlessV2Limits.get(engineVersion));
  }

  /**
   * As RDS: a minimum of 0 ACU needs 13.15/14.12/15.7/16.3+, a maximum above 128 needs 13.14/14.11/15.6/16.2+
   * (Aurora User Guide, "Aurora Serverless v2 capacity"). Written out here, not taken from the operator.
   */
  private static void refuseScalingTheVersionCannotTake(String version, Capacity scaling) {
    if (scaling == null) {
      return;
    }
    String[] parts = version.split("\\.");
    int major = Integer.parseInt(parts[0]);
    int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
    boolean autoPause = major > 16 || minor >= Map.of(13, 15, 14, 12, 15, 7, 16, 3).getOrDefault(major, 99);
    boolean max256 = major > 16 || minor >= Map.of(13, 14, 14, 11, 15, 6, 16, 2).getOrDefault(major, 99);
    if ((scaling.min() != null && scaling.min() < 0.5 && !autoPause) || (scaling.max() != null && scaling.max() > 128 && !max256)) {
      throw new AwsException(AwsErrorKind.TERMINAL, "InvalidParameterValue",
          "Serverless v2 capacity " + scaling.min() + "-" + scaling.max() + " is not supported by engine version " + version);
    }
  }

  /** Busy things turn available after a few reads, as RDS does after minutes. */
  @SuppressWarnings("unchecked")
  private <T> T settle(String id, T value) {
    Integer left = busy.get(id);
    if (left == null || left <= 0) {
      busy.remove(id);
      if (value instanceof AuroraCluster c && !c.isAvailable() && !"stopped".equals(c.status())) {
        String settled = "stopping".equals(c.status()) ? "stopped" : "available";
        AuroraCluster ready = cluster(c.identifier(), c.engineVersion(), c.engineMode(), settled, c.scaling(), c.tags(),
            c.deletionProtection());
        clusters.put(id, ready);
        return (T) ready;
      }
      if (value instanceof AuroraInstance i && !i.isAvailable()) {
        AuroraInstance ready = new AuroraInstance(i.identifier(), i.arn(), i.clusterId(), i.instanceClass(), "available", i.promotionTier(), false, null, i.parameterGroup());
        instances.put(id, ready);
        return (T) ready;
      }
      if (value instanceof ClusterSnapshot s && !s.isAvailable()) {
        ClusterSnapshot ready = new ClusterSnapshot(s.identifier(), s.arn(), s.clusterId(), "available", s.engineVersion(), 100, s.tags());
        snapshots.put(id, ready);
        return (T) ready;
      }
      return value;
    }
    busy.put(id, left - 1);
    return value;
  }

  private static AuroraCluster cluster(
      String id, String version, String mode, String status, Capacity scaling, Map<String, String> tags, boolean deletionProtection) {
    return new AuroraCluster(id, "arn:aws:rds:us-east-1:123456789012:cluster:" + id, status, "aurora-postgresql", version, mode,
        id + ".cluster-abc.us-east-1.rds.amazonaws.com", id + ".cluster-ro-abc.us-east-1.rds.amazonaws.com", 5432,
        "postgres", "postgres", scaling, 7, null, null, deletionProtection, null, List.of(), new LinkedHashMap<>(tags == null ? Map.of() : tags),
        new ArrayList<>(), true, null, null, "default", List.of("sg-1"), true);
  }
}
