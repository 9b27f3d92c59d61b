package dev.dbops.aurora.aws.sdk;

import dev.dbops.aurora.aws.Capacity;
import dev.dbops.aurora.aws.ClusterChanges;
import dev.dbops.aurora.aws.ClusterRestore;
import dev.dbops.aurora.aws.InstanceChanges;
import dev.dbops.aurora.aws.NewCluster;
import dev.dbops.aurora.aws.NewInstance;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.rds.model.CloudwatchLogsExportConfiguration;
import software.amazon.awssdk.services.rds.model.CreateDbClusterRequest;
import software.amazon.awssdk.services.rds.model.CreateDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.ModifyDbClusterRequest;
import software.amazon.awssdk.services.rds.model.ModifyDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.RestoreDbClusterFromSnapshotRequest;
import software.amazon.awssdk.services.rds.model.ServerlessV2ScalingConfiguration;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * Builds SDK requests from the project's records. Null record fields are left out of the request, and
 * the SDK marks MasterUserPassword sensitive, so a request's toString never shows the password.
 */
final class RecordsToRds {
  /** Serverless v2 is the provisioned engine mode plus a scaling configuration and db.serverless instances. */
  static final String SERVERLESS_V2_ENGINE_MODE = "provisioned";

  private RecordsToRds() {}

  static CreateDbClusterRequest createCluster(NewCluster c) {
    CreateDbClusterRequest.Builder request = CreateDbClusterRequest.builder()
        .dbClusterIdentifier(c.identifier())
        .engine(c.engine())
        .engineVersion(c.engineVersion())
        .engineMode(SERVERLESS_V2_ENGINE_MODE)
        .serverlessV2ScalingConfiguration(scaling(c.scaling()))
        .masterUsername(c.masterUsername())
        .databaseName(c.databaseName())
        .port(c.port())
        .dbSubnetGroupName(c.dbSubnetGroup())
        .vpcSecurityGroupIds(nonEmpty(c.securityGroupIds()))
        .storageEncrypted(c.storageEncrypted())
        .kmsKeyId(c.kmsKeyId())
        .backupRetentionPeriod(c.backupRetentionDays())
        .preferredBackupWindow(c.backupWindow())
        .preferredMaintenanceWindow(c.maintenanceWindow())
        .deletionProtection(c.deletionProtection())
        .dbClusterParameterGroupName(c.parameterGroup())
        .enableCloudwatchLogsExports(nonEmpty(c.logExports()))
        .copyTagsToSnapshot(c.copyTagsToSnapshot())
        .tags(tags(c.tags()));
    if (c.manageMasterUserPassword()) {
      request.manageMasterUserPassword(true).masterUserSecretKmsKeyId(c.masterUserSecretKmsKeyId());
    } else if (c.masterPassword() != null) {
      request.masterUserPassword(c.masterPassword().reveal());
    }
    return request.build();
  }

  static RestoreDbClusterFromSnapshotRequest restore(ClusterRestore r) {
    return RestoreDbClusterFromSnapshotRequest.builder()
        .dbClusterIdentifier(r.identifier())
        .snapshotIdentifier(r.snapshotIdentifier())
        .engine(r.engine())
        .engineVersion(r.engineVersion())
        .engineMode(SERVERLESS_V2_ENGINE_MODE)
        .serverlessV2ScalingConfiguration(scaling(r.scaling()))
        .port(r.port())
        .dbSubnetGroupName(r.dbSubnetGroup())
        .vpcSecurityGroupIds(nonEmpty(r.securityGroupIds()))
        .kmsKeyId(r.kmsKeyId())
        .dbClusterParameterGroupName(r.parameterGroup())
        .deletionProtection(r.deletionProtection())
        .enableCloudwatchLogsExports(nonEmpty(r.logExports()))
        .tags(tags(r.tags()))
        .build();
  }

  static ModifyDbClusterRequest modifyCluster(String clusterId, ClusterChanges c) {
    ModifyDbClusterRequest.Builder request = ModifyDbClusterRequest.builder()
        .dbClusterIdentifier(clusterId)
        // Without it, changes wait for the maintenance window and the reconciler would see no effect.
        .applyImmediately(true)
        .serverlessV2ScalingConfiguration(scaling(c.scaling()))
        .backupRetentionPeriod(c.backupRetentionDays())
        .preferredBackupWindow(c.backupWindow())
        .preferredMaintenanceWindow(c.maintenanceWindow())
        .deletionProtection(c.deletionProtection())
        .dbClusterParameterGroupName(c.parameterGroup())
        .engineVersion(c.engineVersion())
        .copyTagsToSnapshot(c.copyTagsToSnapshot());
    boolean enables = c.enableLogTypes() != null && !c.enableLogTypes().isEmpty();
    boolean disables = c.disableLogTypes() != null && !c.disableLogTypes().isEmpty();
    if (enables || disables) {
      request.cloudwatchLogsExportConfiguration(CloudwatchLogsExportConfiguration.builder()
          .enableLogTypes(nonEmpty(c.enableLogTypes()))
          .disableLogTypes(nonEmpty(c.disableLogTypes()))
          .build());
    }
    if (c.allowMajorVersionUpgrade()) {
      // RDS rejects DBInstanceParameterGroupName unless the call is a major version upgrade.
      request.allowMajorVersionUpgrade(true).dbInstanceParameterGroupName(c.instanceParameterGroup());
    }
    if (c.masterPassword() != null) {
      request.masterUserPassword(c.masterPassword().reveal());
    }
    return request.build();
  }

  static CreateDbInstanceRequest createInstance(NewInstance i) {
    CreateDbInstanceRequest.Builder request = CreateDbInstanceRequest.builder()
        .dbInstanceIdentifier(i.identifier())
        .dbClusterIdentifier(i.clusterId())
        .engine(i.engine())
        .dbInstanceClass(i.instanceClass())
        .promotionTier(i.promotionTier())
        .dbParameterGroupName(i.parameterGroup())
        .publiclyAccessible(i.publiclyAccessible())
        .tags(tags(i.tags()));
    if (i.performanceInsightsEnabled()) {
      request.enablePerformanceInsights(true)
          .performanceInsightsRetentionPeriod(i.performanceInsightsRetentionDays())
          .performanceInsightsKMSKeyId(i.performanceInsightsKmsKeyId());
    }
    return request.build();
  }

  static ModifyDbInstanceRequest modifyInstance(String instanceId, InstanceChanges c) {
    return ModifyDbInstanceRequest.builder()
        .dbInstanceIdentifier(instanceId)
        .applyImmediately(true)
        .promotionTier(c.promotionTier())
        .enablePerformanceInsights(c.performanceInsightsEnabled())
        .performanceInsightsRetentionPeriod(c.performanceInsightsRetentionDays())
        .dbParameterGroupName(c.parameterGroup())
        .build();
  }

  static List<Tag> tags(Map<String, String> tags) {
    if (tags == null || tags.isEmpty()) {
      return null;
    }
    return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
  }

  private static ServerlessV2ScalingConfiguration scaling(Capacity capacity) {
    if (capacity == null) {
      return null;
    }
    return ServerlessV2ScalingConfiguration.builder()
        .minCapacity(capacity.min())
        .maxCapacity(capacity.max())
        .secondsUntilAutoPause(capacity.secondsUntilAutoPause())
        .build();
  }

  // The SDK sends an empty list as an empty member; null leaves the member out entirely.
  private static <T> List<T> nonEmpty(List<T> list) {
    return list == null || list.isEmpty() ? null : list;
  }
}
