package dev.dbops.aurora.migration.bluegreen;

import dev.dbops.aurora.aws.AuroraCluster;
import dev.dbops.aurora.aws.ClusterApi;
import dev.dbops.aurora.aws.ClusterReplication;
import dev.dbops.aurora.postgres.SchemaFinding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What RDS says about the source cluster that decides whether it can be the blue cluster of a Blue/Green
 * deployment (the limits are in docs/blue-green.md with their sources). Reads only.
 */
final class SourceClusterReadiness {

  static final String LOGICAL_REPLICATION = "rds.logical_replication";
  static final String REPLICATE_UNLOGGED = "rds.logically_replicate_unlogged_tables";
  private static final String DEFAULT_GROUP_PREFIX = "default.";

  private SourceClusterReadiness() {}

  /** Findings about the cluster; {@code parameters} are those set on its own DB cluster parameter group. */
  static List<SchemaFinding> check(ClusterApi clusters, AuroraCluster source, Map<String, String> parameters) {
    String id = source.identifier();
    List<SchemaFinding> findings = new ArrayList<>();
    if ("stopped".equals(source.status()) || "stopping".equals(source.status())) {
      findings.add(new SchemaFinding("cluster-stopped", true, id,
          "the source cluster is " + source.status() + "; a Blue/Green deployment is created from a running cluster,"
              + " and a cluster in a deployment cannot be stopped or started",
          "start the cluster (aws rds start-db-cluster) and keep it running until the migration ends"));
    }
    BlueGreenMinimumVersions.refusal(source.engineVersion()).ifPresent(reason ->
        findings.add(new SchemaFinding("engine-version-below-minimum", true, id, reason,
            "upgrade the source to " + BlueGreenMinimumVersions.minimumOf(source.engineVersion()).orElse("a supported")
                + " or a later minor version first (a minor upgrade restarts the writer), or use SnapshotRestore")));
    if (source.masterUserSecretArn() != null) {
      findings.add(new SchemaFinding("managed-master-password", true, id,
          "the master password is managed in AWS Secrets Manager (ManageMasterUserPassword), which Blue/Green"
              + " deployments do not support",
          "turn the management off (modify-db-cluster --no-manage-master-user-password with a new"
              + " --master-user-password kept in your own secret), migrate, then turn it on again on the new cluster"));
    }
    if (source.isServerlessV1()) {
      findings.add(new SchemaFinding("serverless-v1-conversion", false, id,
          "the source is Aurora Serverless v1, which Blue/Green deployments do not take: it must first be converted"
              + " in place to a provisioned cluster (ModifyDBCluster EngineMode=provisioned), a change that cannot be"
              + " undone and interrupts connections while the writer moves to the new instance (planned downtime)",
          "plan the conversion's interruption in a quiet period; Aurora's own end-of-life handling of v1 performs"
              + " the same conversion"));
    }
    findings.addAll(replicationLinks(id, clusters.replicationOf(id)));
    List<String> proxies = clusters.proxiesTargeting(id);
    if (!proxies.isEmpty()) {
      findings.add(new SchemaFinding("rds-proxy", false, id,
          "RDS Proxy " + String.join(", ", proxies) + " targets the source; Blue/Green deployments take a proxied"
              + " cluster only when the proxy target was registered before the deployment was created",
          "keep the proxy's target registered as it is until switchover; the application may keep using the proxy"
              + " endpoint"));
    }
    findings.addAll(logicalReplicationSetting(source, parameters));
    return findings;
  }

  private static List<SchemaFinding> replicationLinks(String id, ClusterReplication replication) {
    List<SchemaFinding> findings = new ArrayList<>();
    if (replication.globalClusterId() != null) {
      findings.add(new SchemaFinding("global-database", true, id,
          "the source is a member of Aurora Global Database " + replication.globalClusterId() + "; AWS runs Blue/Green"
              + " for a whole global database (every secondary Region with it), which this operator neither plans nor"
              + " verifies",
          "remove the source from the global database (remove-from-global-cluster) before migrating, or use"
              + " SnapshotRestore"));
    }
    if (!replication.readReplicaArns().isEmpty()) {
      findings.add(new SchemaFinding("cross-region-replicas", true, id,
          "read replica cluster(s) " + String.join(", ", replication.readReplicaArns()) + " replicate from the source;"
              + " Blue/Green deployments do not support cross-Region read replicas",
          "promote or delete the replica cluster(s) before migrating, and recreate them from the new cluster after"));
    }
    if (replication.replicationSourceArn() != null) {
      findings.add(new SchemaFinding("source-is-replica", true, id,
          "the source is itself a read replica of " + replication.replicationSourceArn() + ", not a writable cluster",
          "migrate the replication source instead, or promote this cluster first (promote-read-replica-db-cluster)"));
    }
    return findings;
  }

  /**
   * Blue/Green replicates logically, which needs rds.logical_replication = 1 on blue; it is static, so setting it
   * takes a reboot of the writer: downtime to plan, not a reason to refuse.
   */
  private static List<SchemaFinding> logicalReplicationSetting(AuroraCluster source, Map<String, String> parameters) {
    String group = source.parameterGroup();
    if (group == null || group.startsWith(DEFAULT_GROUP_PREFIX)) {
      return List.of(new SchemaFinding("logical-replication-reboot", false, source.identifier(),
          "the source uses the default DB cluster parameter group" + (group == null ? "" : " " + group)
              + ", where rds.logical_replication is 0 and cannot be changed: the source needs its own group with"
              + " rds.logical_replication = 1 and a reboot of its writer (planned downtime: connections drop while it"
              + " restarts)",
          "create a DB cluster parameter group of the source's family with rds.logical_replication = 1, attach it,"
              + " and reboot the writer in a quiet period before the migration"));
    }
    if (!"1".equals(parameters.get(LOGICAL_REPLICATION))) {
      return List.of(new SchemaFinding("logical-replication-reboot", false, source.identifier(),
          "rds.logical_replication is not 1 in the source's DB cluster parameter group " + group + ": setting it takes"
              + " a reboot of the writer (planned downtime: connections drop while it restarts)",
          "set rds.logical_replication = 1 in " + group + " and reboot the writer in a quiet period before the"
              + " migration"));
    }
    return List.of();
  }
}
