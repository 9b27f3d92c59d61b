package dev.dbops.aurora.aws;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The RDS cluster and instance operations the operator needs, bound to one region. Every method throws
 * {@link AwsException} on failure. Writes return at once; callers observe progress by reading again
 * later, never by blocking.
 */
public interface ClusterApi {

  /**
   * The cluster as last seen by the region's shared inventory (paged DescribeDBClusters), so many
   * resources cost one listing, not one describe each. Empty when the cluster does not exist.
   */
  Optional<AuroraCluster> findCluster(String clusterId);

  /** The cluster's instances from the same inventory, writer first. */
  List<AuroraInstance> findInstances(String clusterId);

  /** Asks the inventory to re-read this cluster and its instances before the next find (after a write). */
  void refresh(String clusterId);

  AuroraCluster createCluster(NewCluster cluster);

  AuroraCluster restoreFromSnapshot(ClusterRestore restore);

  AuroraCluster modifyCluster(String clusterId, ClusterChanges changes);

  /** Deletes the cluster; with a final snapshot id RDS takes that snapshot first, else it skips it. */
  void deleteCluster(String clusterId, Optional<String> finalSnapshotId);

  void stopCluster(String clusterId);

  void startCluster(String clusterId);

  AuroraInstance createInstance(NewInstance instance);

  void modifyInstance(String instanceId, InstanceChanges changes);

  void deleteInstance(String instanceId);

  Optional<ClusterSnapshot> findSnapshot(String snapshotId);

  ClusterSnapshot createSnapshot(String clusterId, String snapshotId, Map<String, String> tags);

  void deleteSnapshot(String snapshotId);

  void addTags(String arn, Map<String, String> tags);

  void removeTags(String arn, Collection<String> keys);

  /** True when a DB cluster parameter group with this name exists. */
  boolean clusterParameterGroupExists(String name);

  /** The family (e.g. aurora-postgresql15) of the DB cluster parameter group with this name; empty when none exists. */
  Optional<String> clusterParameterGroupFamily(String name);

  /** The family of the DB (instance) parameter group with this name; empty when none exists. */
  Optional<String> instanceParameterGroupFamily(String name);

  /**
   * The parameters someone set on this DB cluster parameter group, name to value (DescribeDBClusterParameters
   * with Source=user, every page): what the group changes from its family's defaults.
   */
  Map<String, String> userClusterParameters(String groupName);

  /**
   * Names of every parameter a DB cluster parameter group of this family has (DescribeEngineDefaultClusterParameters,
   * every page). Throws {@link AwsException} of kind {@link AwsErrorKind#UNSUPPORTED} where the endpoint lacks
   * the API, as moto does.
   */
  Set<String> clusterParameterNames(String family);

  /** Creates the group (if absent) and sets these parameters on it, applied at the next reboot where static. */
  void putClusterParameterGroup(String name, String family, Map<String, String> parameters, Map<String, String> tags);

  /**
   * Deletes the DB cluster parameter group; one that does not exist is already gone, not an error. RDS refuses
   * a group a cluster still uses (deleting clusters included) and a default.* group: {@link AwsErrorKind#INVALID_STATE}.
   */
  void deleteClusterParameterGroup(String name);

  /**
   * Valid upgrade targets of an engine version (DescribeDBEngineVersions). Throws {@link AwsException}
   * of kind {@link AwsErrorKind#UNSUPPORTED} where the endpoint lacks the API, as moto does.
   */
  List<UpgradeTarget> validUpgradeTargets(String engine, String engineVersion);

  /**
   * The Serverless v2 capacity range AWS states for this engine version (DescribeDBEngineVersions,
   * ServerlessV2FeaturesSupport). Empty where AWS does not say: the field absent, or the endpoint lacks
   * the API (as moto); callers then fall back to what they know.
   */
  Optional<ServerlessV2Limits> serverlessV2Limits(String engine, String engineVersion);

  // ---- Blue/Green readiness: narrow reads of what decides whether the source can take a Blue/Green deployment.

  /** The cluster's Global Database membership and read replica links (DescribeDBClusters of this cluster). */
  ClusterReplication replicationOf(String clusterId);

  /**
   * Names of the RDS Proxies that have this cluster, or one of its instances, as a target (DescribeDBProxies,
   * then DescribeDBProxyTargets of each proxy). Empty when none does.
   */
  List<String> proxiesTargeting(String clusterId);

  // ---- Blue/Green deployments and the engine-mode change (issue 10, the minimal-downtime path) ----------

  /**
   * CreateBlueGreenDeployment for a cluster source. RDS refuses a second deployment of the same name
   * ({@link AwsErrorKind#ALREADY_EXISTS}) and a source it cannot replicate from (SourceClusterNotSupportedFault,
   * e.g. a Serverless v1 cluster, a managed master password, rds.logical_replication off or not yet rebooted
   * into: {@link AwsErrorKind#TERMINAL}).
   */
  BlueGreenDeployment createBlueGreenDeployment(NewBlueGreenDeployment deployment);

  /** DescribeBlueGreenDeployments by identifier; empty when there is none (BlueGreenDeploymentNotFoundFault). */
  Optional<BlueGreenDeployment> findBlueGreenDeployment(String deploymentId);

  /** The deployments whose blue is this cluster (filter {@code source}), every page. */
  List<BlueGreenDeployment> blueGreenDeploymentsOfSource(String sourceArn);

  /**
   * SwitchoverBlueGreenDeployment with a timeout of 30 to 3600 seconds (RDS rolls back a switchover that
   * overruns it). Refused unless the deployment is AVAILABLE: {@link AwsErrorKind#INVALID_STATE}.
   */
  BlueGreenDeployment switchoverBlueGreenDeployment(String deploymentId, java.time.Duration timeout);

  /**
   * DeleteBlueGreenDeployment. Green is kept unless {@code deleteTarget}, which RDS refuses after a switchover
   * (green is then production). A deployment that does not exist is gone already, not an error.
   */
  void deleteBlueGreenDeployment(String deploymentId, boolean deleteTarget);

  /**
   * ModifyDBCluster with EngineMode=provisioned, AllowEngineModeChange and DBClusterInstanceClass, applied
   * immediately: converts a Serverless v1 cluster in place to a provisioned one (RDS: valid for Serverless v1
   * clusters only; a short failover while the writer moves to an instance of that class).
   */
  AuroraCluster convertToProvisioned(String clusterId, String instanceClass);

  /** RebootDBInstance: applies pending-reboot parameters (rds.logical_replication); downtime while it restarts. */
  void rebootInstance(String instanceId);
}
