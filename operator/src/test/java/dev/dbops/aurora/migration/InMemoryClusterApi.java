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
import dev.dbops.aurora.aws.UpgradeTarget;
import dev.dbops.aurora.aws.sdk.AwsErrorClassifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
  /** Parameters set on a cluster parameter group (what DescribeDBClusterParameters Source=user answers). */
  final Map<String, Map<String, String>> clusterGroupParameters = new LinkedHashMap<>();
  final Map<String, Map<String, String>> clusterGroupTags = new LinkedHashMap<>();
  /** Parameter names of each family's groups; a family missing here is answered as moto does: not implemented. */
  final Map<String, Set<String>> familyParameterNames = new LinkedHashMap<>();
  /** The DB cluster parameter group each cluster uses, as DescribeDBClusters reports it. */
  private final Map<String, String> groupOfCluster = new LinkedHashMap<>();
  /** The DB parameter group a cluster's instances were last created with or moved to by a major upgrade. */
  private final Map<String, String> instanceGroupOfCluster = new LinkedHashMap<>();
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
    groupOfCluster.put(id, group);
    AuroraCluster c = clusters.get(id);
    clusters.put(id, new AuroraCluster(c.identifier(), c.arn(), c.status(), c.engine(), c.engineVersion(), c.engineMode(),
        c.endpoint(), c.readerEndpoint(), c.port(), c.masterUsername(), c.databaseName(), c.scaling(),
        c.backupRetentionDays(), c.backupWindow(), c.maintenanceWindow(), c.deletionProtection(), group, c.logExports(),
        c.tags(), c.members(), c.storageEncrypted(), c.kmsKeyId(), c.masterUserSecretArn(), c.dbSubnetGroup(),
        c.securityGroupIds(), c.copyTagsToSnapshot()));
  }

  /** A DB cluster parameter group with these parameters set, as someone made it for the source. */
  synchronized void addClusterParameterGroup(String name, String family, Map<String, String> parameters) {
    clusterParameterGroups.put(name, family);
    clusterGroupParameters.put(name, new LinkedHashMap<>(parameters));
  }

  synchronized String parameterGroupOf(String clusterId) {
    return groupOfCluster.get(clusterId);
  }

  synchronized String instanceParameterGroupOf(String clusterId) {
    return instanceGroupOfCluster.get(clusterId);
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
    String family = "aurora-postgresql" + snapshot.engineVersion().split("\\.")[0];
    String group = restore.parameterGroup() == null ? "default." + family : restore.parameterGroup();
    refuseGroupOfAnotherFamily(group, family);
    groupOfCluster.put(restore.identifier(), group);
    AuroraCluster c = cluster(restore.identifier(), snapshot.engineVersion(), "provisioned", "creating", restore.scaling(), restore.tags(),
        restore.deletionProtection());
    clusters.put(c.identifier(), c);
    busy.put(c.identifier(), busyReads);
    return c;
  }

  @Override
  public synchronized AuroraCluster modifyCluster(String clusterId, ClusterChanges changes) {
    if (upgradeFailure != null && changes.engineVersion() != null) {
      throw upgradeFailure;
    }
    refuseMissingParameterGroups(changes);
    if (changes.engineVersion() != null && changes.allowMajorVersionUpgrade()) {
      // RDS refuses a major upgrade to a cluster parameter group of another family than the new version's.
      String family = "aurora-postgresql" + changes.engineVersion().split("\\.")[0];
      // Without one named, a cluster on a default group moves to the new family's default; its own group does not.
      String current = groupOfCluster.get(clusterId);
      String group = changes.parameterGroup() != null ? changes.parameterGroup()
          : current == null || current.startsWith("default.") ? "default." + family : current;
      refuseGroupOfAnotherFamily(group, family);
      groupOfCluster.put(clusterId, group);
      if (changes.instanceParameterGroup() != null) {
        instanceGroupOfCluster.put(clusterId, changes.instanceParameterGroup());
      }
    } else if (changes.parameterGroup() != null) {
      String version = changes.engineVersion() != null ? changes.engineVersion() : clusters.get(clusterId).engineVersion();
      refuseGroupOfAnotherFamily(changes.parameterGroup(), "aurora-postgresql" + version.split("\\.")[0]);
      groupOfCluster.put(clusterId, changes.parameterGroup());
    }
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
    if (instance.parameterGroup() != null) {
      String family = "aurora-postgresql" + clusters.get(instance.clusterId()).engineVersion().split("\\.")[0];
      if (!Optional.of(family).equals(instanceParameterGroupFamily(instance.parameterGroup()))) {
        throw new AwsException(AwsErrorKind.TERMINAL, "InvalidParameterCombination",
            "DB parameter group " + instance.parameterGroup() + " is missing or not of family " + family);
      }
      instanceGroupOfCluster.put(instance.clusterId(), instance.parameterGroup());
    }
    AuroraInstance i = new AuroraInstance(instance.identifier(), "arn:" + instance.identifier(), instance.clusterId(),
        instance.instanceClass(), "creating", instance.promotionTier(), false, null, null);
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

  private void refuseGroupOfAnotherFamily(String group, String family) {
    if (group == null) {
      return;
    }
    Optional<String> actual = clusterParameterGroupFamily(group);
    if (actual.isEmpty()) {
      throw rdsError(404, "DBClusterParameterGroupNotFound", "DBClusterParameterGroup not found: " + group);
    }
    if (!actual.get().equals(family)) {
      throw new AwsException(AwsErrorKind.TERMINAL, "InvalidParameterCombination",
          "The parameter group " + group + " with DBParameterGroupFamily " + actual.get()
              + " cannot be used for this instance. Please use a Parameter Group with DBParameterGroupFamily " + family);
    }
  }

  @Override
  public synchronized Map<String, String> userClusterParameters(String groupName) {
    if (clusterParameterGroupFamily(groupName).isEmpty()) {
      throw rdsError(404, "DBParameterGroupNotFound", "DBClusterParameterGroup not found: " + groupName);
    }
    return new LinkedHashMap<>(clusterGroupParameters.getOrDefault(groupName, Map.of()));
  }

  @Override
  public synchronized Set<String> clusterParameterNames(String family) {
    Set<String> names = familyParameterNames.get(family);
    if (names == null) {
      throw new AwsException(AwsErrorKind.UNSUPPORTED, "NotImplemented", "like moto");
    }
    return names;
  }

  @Override
  public synchronized void putClusterParameterGroup(String name, String family, Map<String, String> parameters, Map<String, String> tags) {
    calls.add("putClusterParameterGroup " + name);
    if (!clusterParameterGroups.containsKey(name)) {
      clusterParameterGroups.put(name, family);
      clusterGroupTags.put(name, new LinkedHashMap<>(tags));
    }
    clusterGroupParameters.computeIfAbsent(name, k -> new LinkedHashMap<>()).putAll(parameters);
  }

  @Override
  public List<UpgradeTarget> validUpgradeTargets(String engine, String engineVersion) {
    throw new AwsException(AwsErrorKind.UNSUPPORTED, "NotImplemented", "like moto");
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
        AuroraInstance ready = new AuroraInstance(i.identifier(), i.arn(), i.clusterId(), i.instanceClass(), "available", i.promotionTier(), false, null, null);
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
