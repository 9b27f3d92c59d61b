package dev.dbops.aurora.aws.sdk;

import dev.dbops.aurora.aws.AuroraCluster;
import dev.dbops.aurora.aws.AuroraInstance;
import dev.dbops.aurora.aws.AwsErrorKind;
import dev.dbops.aurora.aws.BlueGreenDeployment;
import dev.dbops.aurora.aws.AwsException;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.ApplyMethod;
import software.amazon.awssdk.services.rds.model.DBEngineVersion;
import software.amazon.awssdk.services.rds.model.DBProxy;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.EngineDefaults;
import software.amazon.awssdk.services.rds.model.Parameter;

/**
 * {@link ClusterApi} on the AWS SDK. Finds go through the region's {@link ClusterInventory}; every write
 * marks its cluster for a re-read, so the caller's next find sees the write's effect.
 */
public final class SdkClusterApi implements ClusterApi {
  /** ModifyDBClusterParameterGroup accepts at most 20 parameters per call. */
  static final int PARAMETERS_PER_CALL = 20;

  private final RdsClient rds;
  private final ClusterInventory inventory;
  private final ApiCallCounter calls;

  public SdkClusterApi(RdsClient rds, ClusterInventory inventory, ApiCallCounter calls) {
    this.rds = rds;
    this.inventory = inventory;
    this.calls = calls;
  }

  /** API calls this region's client has made so far, per operation name. */
  public ApiCallCounter calls() {
    return calls;
  }

  public ClusterInventory inventory() {
    return inventory;
  }

  @Override
  public Optional<AuroraCluster> findCluster(String clusterId) {
    return call(() -> inventory.findCluster(clusterId));
  }

  @Override
  public List<AuroraInstance> findInstances(String clusterId) {
    return call(() -> inventory.findInstances(clusterId));
  }

  @Override
  public void refresh(String clusterId) {
    inventory.refresh(clusterId);
  }

  @Override
  public AuroraCluster createCluster(NewCluster cluster) {
    try {
      return RdsToRecords.cluster(rds.createDBCluster(RecordsToRds.createCluster(cluster)).dbCluster());
    } catch (SdkException e) {
      throw AwsErrorClassifier.classify(e, cluster.masterPassword());
    } finally {
      inventory.refresh(cluster.identifier());
    }
  }

  @Override
  public AuroraCluster restoreFromSnapshot(ClusterRestore restore) {
    return write(restore.identifier(),
        () -> RdsToRecords.cluster(rds.restoreDBClusterFromSnapshot(RecordsToRds.restore(restore)).dbCluster()));
  }

  @Override
  public AuroraCluster modifyCluster(String clusterId, ClusterChanges changes) {
    try {
      return RdsToRecords.cluster(rds.modifyDBCluster(RecordsToRds.modifyCluster(clusterId, changes)).dbCluster());
    } catch (SdkException e) {
      throw AwsErrorClassifier.classify(e, changes.masterPassword());
    } finally {
      inventory.refresh(clusterId);
    }
  }

  @Override
  public void deleteCluster(String clusterId, Optional<String> finalSnapshotId) {
    write(clusterId, () -> rds.deleteDBCluster(b -> {
      b.dbClusterIdentifier(clusterId);
      finalSnapshotId.ifPresentOrElse(
          id -> b.skipFinalSnapshot(false).finalDBSnapshotIdentifier(id), () -> b.skipFinalSnapshot(true));
    }));
  }

  @Override
  public void stopCluster(String clusterId) {
    write(clusterId, () -> rds.stopDBCluster(b -> b.dbClusterIdentifier(clusterId)));
  }

  @Override
  public void startCluster(String clusterId) {
    write(clusterId, () -> rds.startDBCluster(b -> b.dbClusterIdentifier(clusterId)));
  }

  @Override
  public AuroraInstance createInstance(NewInstance instance) {
    return write(instance.clusterId(),
        () -> RdsToRecords.instance(rds.createDBInstance(RecordsToRds.createInstance(instance)).dbInstance()));
  }

  @Override
  public void modifyInstance(String instanceId, InstanceChanges changes) {
    DBInstance modified = call(() -> rds.modifyDBInstance(RecordsToRds.modifyInstance(instanceId, changes)).dbInstance());
    refreshClusterOf(modified, instanceId);
  }

  @Override
  public void deleteInstance(String instanceId) {
    Optional<String> listedCluster = inventory.clusterOfInstance(instanceId);
    try {
      DBInstance deleted = call(() -> rds.deleteDBInstance(b -> b.dbInstanceIdentifier(instanceId).skipFinalSnapshot(true))
          .dbInstance());
      refreshClusterOf(deleted, instanceId);
    } catch (AwsException e) {
      // Not found means it is gone already; the inventory may still list it.
      listedCluster.ifPresent(inventory::refresh);
      throw e;
    }
  }

  @Override
  public Optional<ClusterSnapshot> findSnapshot(String snapshotId) {
    try {
      return call(() -> rds.describeDBClusterSnapshots(b -> b.dbClusterSnapshotIdentifier(snapshotId))
          .dbClusterSnapshots().stream().findFirst().map(RdsToRecords::snapshot));
    } catch (AwsException e) {
      if (e.kind() == AwsErrorKind.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public ClusterSnapshot createSnapshot(String clusterId, String snapshotId, Map<String, String> tags) {
    return write(clusterId, () -> RdsToRecords.snapshot(rds.createDBClusterSnapshot(b -> b
            .dbClusterIdentifier(clusterId)
            .dbClusterSnapshotIdentifier(snapshotId)
            .tags(RecordsToRds.tags(tags)))
        .dbClusterSnapshot()));
  }

  @Override
  public void deleteSnapshot(String snapshotId) {
    call(() -> rds.deleteDBClusterSnapshot(b -> b.dbClusterSnapshotIdentifier(snapshotId)));
  }

  @Override
  public void addTags(String arn, Map<String, String> tags) {
    if (tags.isEmpty()) {
      return;
    }
    call(() -> rds.addTagsToResource(b -> b.resourceName(arn).tags(RecordsToRds.tags(tags))));
    refreshOwnerOf(arn);
  }

  @Override
  public void removeTags(String arn, Collection<String> keys) {
    if (keys.isEmpty()) {
      return;
    }
    call(() -> rds.removeTagsFromResource(b -> b.resourceName(arn).tagKeys(keys)));
    refreshOwnerOf(arn);
  }

  @Override
  public boolean clusterParameterGroupExists(String name) {
    return clusterParameterGroupFamily(name).isPresent();
  }

  @Override
  public Optional<String> clusterParameterGroupFamily(String name) {
    try {
      return call(() -> rds.describeDBClusterParameterGroups(b -> b.dbClusterParameterGroupName(name)))
          .dbClusterParameterGroups().stream().findFirst().map(g -> g.dbParameterGroupFamily());
    } catch (AwsException e) {
      if (groupIsAbsent(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public Optional<String> instanceParameterGroupFamily(String name) {
    try {
      return call(() -> rds.describeDBParameterGroups(b -> b.dbParameterGroupName(name)))
          .dbParameterGroups().stream().findFirst().map(g -> g.dbParameterGroupFamily());
    } catch (AwsException e) {
      if (groupIsAbsent(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Describing a group by name: its own not-found code means it is absent (elsewhere it is TERMINAL). */
  private static boolean groupIsAbsent(AwsException e) {
    return e.kind() == AwsErrorKind.NOT_FOUND || AwsErrorClassifier.isMissingParameterGroup(e);
  }

  @Override
  public Map<String, String> userClusterParameters(String groupName) {
    Map<String, String> parameters = new LinkedHashMap<>();
    call(() -> {
      rds.describeDBClusterParametersPaginator(b -> b.dbClusterParameterGroupName(groupName).source("user"))
          .parameters()
          .forEach(p -> {
            // A user-source parameter reset to "no value" has none to carry.
            if (p.parameterValue() != null) {
              parameters.put(p.parameterName(), p.parameterValue());
            }
          });
      return null;
    });
    return parameters;
  }

  @Override
  public Set<String> clusterParameterNames(String family) {
    Set<String> names = new LinkedHashSet<>();
    String marker = null;
    try {
      // The SDK has no paginator for this call: the marker sits inside EngineDefaults.
      do {
        String from = marker;
        EngineDefaults page = rds.describeEngineDefaultClusterParameters(b -> b.dbParameterGroupFamily(family).marker(from))
            .engineDefaults();
        page.parameters().forEach(p -> names.add(p.parameterName()));
        marker = page.marker();
      } while (marker != null && !marker.isEmpty());
    } catch (SdkException e) {
      if (AwsErrorClassifier.isUnimplementedAction(e)) {
        throw new AwsException(AwsErrorKind.UNSUPPORTED, "NotImplemented",
            "the endpoint does not implement DescribeEngineDefaultClusterParameters", e);
      }
      throw AwsErrorClassifier.classify(e);
    }
    return names;
  }

  @Override
  public void putClusterParameterGroup(
      String name, String family, Map<String, String> parameters, Map<String, String> tags) {
    if (!clusterParameterGroupExists(name)) {
      try {
        call(() -> rds.createDBClusterParameterGroup(b -> b
            .dbClusterParameterGroupName(name)
            .dbParameterGroupFamily(family)
            .description("Managed by aurora-operator")
            .tags(RecordsToRds.tags(tags))));
      } catch (AwsException e) {
        // Another reconcile created it between our describe and create: carry on and set the values.
        if (e.kind() != AwsErrorKind.ALREADY_EXISTS) {
          throw e;
        }
      }
    }
    List<Parameter> all = parameters.entrySet().stream()
        .map(e -> Parameter.builder()
            .parameterName(e.getKey())
            .parameterValue(e.getValue())
            // pending-reboot is accepted for static and dynamic parameters alike; "immediate" fails for
            // static ones, and knowing which is which would cost a describe of several hundred parameters.
            .applyMethod(ApplyMethod.PENDING_REBOOT)
            .build())
        .toList();
    for (int from = 0; from < all.size(); from += PARAMETERS_PER_CALL) {
      List<Parameter> batch = new ArrayList<>(all.subList(from, Math.min(all.size(), from + PARAMETERS_PER_CALL)));
      call(() -> rds.modifyDBClusterParameterGroup(b -> b.dbClusterParameterGroupName(name).parameters(batch)));
    }
  }

  @Override
  public void deleteClusterParameterGroup(String name) {
    try {
      call(() -> rds.deleteDBClusterParameterGroup(b -> b.dbClusterParameterGroupName(name)));
    } catch (AwsException e) {
      // DBParameterGroupNotFound: deleted before (by us, with the answer lost, or by a person). A group still in
      // use answers InvalidDBParameterGroupState, INVALID_STATE by the classifier's rule, and is retried.
      if (!groupIsAbsent(e)) {
        throw e;
      }
    }
  }

  @Override
  public List<UpgradeTarget> validUpgradeTargets(String engine, String engineVersion) {
    try {
      List<UpgradeTarget> targets = new ArrayList<>();
      rds.describeDBEngineVersionsPaginator(b -> b.engine(engine).engineVersion(engineVersion))
          .dbEngineVersions()
          .forEach(v -> v.validUpgradeTarget().forEach(t ->
              targets.add(new UpgradeTarget(t.engineVersion(), Boolean.TRUE.equals(t.isMajorVersionUpgrade())))));
      return targets;
    } catch (SdkException e) {
      if (AwsErrorClassifier.isUnimplementedAction(e)) {
        throw new AwsException(AwsErrorKind.UNSUPPORTED, "NotImplemented",
            "the endpoint does not implement DescribeDBEngineVersions", e);
      }
      throw AwsErrorClassifier.classify(e);
    }
  }

  @Override
  public Optional<ServerlessV2Limits> serverlessV2Limits(String engine, String engineVersion) {
    try {
      return rds.describeDBEngineVersions(b -> b.engine(engine).engineVersion(engineVersion))
          .dbEngineVersions()
          .stream()
          .map(DBEngineVersion::serverlessV2FeaturesSupport)
          .filter(s -> s != null && (s.minCapacity() != null || s.maxCapacity() != null))
          .findFirst()
          .map(s -> new ServerlessV2Limits(s.minCapacity(), s.maxCapacity()));
    } catch (SdkException e) {
      if (AwsErrorClassifier.isUnimplementedAction(e)) {
        return Optional.empty();
      }
      throw AwsErrorClassifier.classify(e);
    }
  }

  // ---- Blue/Green readiness

  @Override
  public ClusterReplication replicationOf(String clusterId) {
    // A targeted describe, not the inventory: the records it keeps leave these fields out, and a preflight asks once.
    return call(() -> rds.describeDBClusters(b -> b.dbClusterIdentifier(clusterId)).dbClusters().stream()
        .findFirst()
        .map(c -> new ClusterReplication(
            c.globalClusterIdentifier(), c.hasReadReplicaIdentifiers() ? c.readReplicaIdentifiers() : List.of(),
            c.replicationSourceIdentifier()))
        .orElse(ClusterReplication.NONE));
  }

  @Override
  public List<String> proxiesTargeting(String clusterId) {
    Set<String> members = new LinkedHashSet<>();
    members.add(clusterId);
    inventory.findInstances(clusterId).forEach(i -> members.add(i.identifier()));
    List<String> proxies = new ArrayList<>();
    call(() -> {
      for (DBProxy proxy : rds.describeDBProxiesPaginator(b -> {}).dbProxies()) {
        boolean targets = rds.describeDBProxyTargetsPaginator(b -> b.dbProxyName(proxy.dbProxyName())).targets().stream()
            .anyMatch(t -> members.contains(t.rdsResourceId()) || clusterId.equals(t.trackedClusterId()));
        if (targets) {
          proxies.add(proxy.dbProxyName());
        }
      }
      return null;
    });
    return proxies;
  }

  // ---- Blue/Green deployments and the engine-mode change ----------------------------------------------

  @Override
  public BlueGreenDeployment createBlueGreenDeployment(NewBlueGreenDeployment d) {
    return call(() -> RdsToRecords.blueGreen(rds.createBlueGreenDeployment(b -> b
        .blueGreenDeploymentName(d.name())
        .source(d.sourceArn())
        .targetEngineVersion(d.targetEngineVersion())
        .targetDBClusterParameterGroupName(d.targetClusterParameterGroup())
        .tags(RecordsToRds.tags(d.tags())))
        .blueGreenDeployment()));
  }

  @Override
  public Optional<BlueGreenDeployment> findBlueGreenDeployment(String deploymentId) {
    try {
      return call(() -> rds.describeBlueGreenDeployments(b -> b.blueGreenDeploymentIdentifier(deploymentId))
          .blueGreenDeployments().stream().findFirst().map(RdsToRecords::blueGreen));
    } catch (AwsException e) {
      if (e.kind() == AwsErrorKind.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public List<BlueGreenDeployment> blueGreenDeploymentsOfSource(String sourceArn) {
    List<BlueGreenDeployment> found = new ArrayList<>();
    call(() -> {
      rds.describeBlueGreenDeploymentsPaginator(b -> b.filters(f -> f.name("source").values(sourceArn)))
          .blueGreenDeployments()
          .forEach(d -> found.add(RdsToRecords.blueGreen(d)));
      return null;
    });
    return found;
  }

  @Override
  public BlueGreenDeployment switchoverBlueGreenDeployment(String deploymentId, Duration timeout) {
    long seconds = timeout.toSeconds();
    if (seconds < 30 || seconds > 3600) {
      // RDS API Reference, SwitchoverBlueGreenDeployment: SwitchoverTimeout is 30 to 3600 seconds.
      throw new AwsException(AwsErrorKind.TERMINAL, "InvalidParameterValue",
          "SwitchoverTimeout must be 30 to 3600 seconds, not " + seconds, null);
    }
    return call(() -> RdsToRecords.blueGreen(rds.switchoverBlueGreenDeployment(b -> b
        .blueGreenDeploymentIdentifier(deploymentId).switchoverTimeout((int) seconds)).blueGreenDeployment()));
  }

  @Override
  public void deleteBlueGreenDeployment(String deploymentId, boolean deleteTarget) {
    try {
      // DeleteTarget is sent only when asked: its absence keeps green, whatever RDS's default may become.
      call(() -> rds.deleteBlueGreenDeployment(b -> {
        b.blueGreenDeploymentIdentifier(deploymentId);
        if (deleteTarget) {
          b.deleteTarget(true);
        }
      }));
    } catch (AwsException e) {
      if (e.kind() != AwsErrorKind.NOT_FOUND) {
        throw e;
      }
    }
  }

  @Override
  public AuroraCluster convertToProvisioned(String clusterId, String instanceClass) {
    return write(clusterId, () -> RdsToRecords.cluster(rds.modifyDBCluster(b -> b
        .dbClusterIdentifier(clusterId)
        .engineMode("provisioned")
        .allowEngineModeChange(true)
        .dbClusterInstanceClass(instanceClass)
        .applyImmediately(true)).dbCluster()));
  }

  @Override
  public void rebootInstance(String instanceId) {
    DBInstance rebooted = call(() -> rds.rebootDBInstance(b -> b.dbInstanceIdentifier(instanceId)).dbInstance());
    refreshClusterOf(rebooted, instanceId);
  }

  private <T> T write(String clusterId, Supplier<T> action) {
    try {
      return call(action);
    } finally {
      inventory.refresh(clusterId);
    }
  }

  private static <T> T call(Supplier<T> action) {
    try {
      return action.get();
    } catch (SdkException e) {
      throw AwsErrorClassifier.classify(e);
    }
  }

  private void refreshClusterOf(DBInstance instance, String instanceId) {
    if (instance != null && instance.dbClusterIdentifier() != null) {
      inventory.refresh(instance.dbClusterIdentifier());
    } else {
      inventory.clusterOfInstance(instanceId).ifPresent(inventory::refresh);
    }
  }

  // Tags live on the cluster or instance record the inventory holds, so their owner must be re-read.
  private void refreshOwnerOf(String arn) {
    // arn:partition:rds:region:account:cluster:my-cluster (or :db:my-instance)
    String[] parts = arn.split(":", 7);
    if (parts.length < 7) {
      return;
    }
    if ("cluster".equals(parts[5])) {
      inventory.refresh(parts[6]);
    } else if ("db".equals(parts[5])) {
      inventory.clusterOfInstance(parts[6]).ifPresent(inventory::refresh);
    }
  }
}
