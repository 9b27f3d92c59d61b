package dev.dbops.aurora.aws;

import java.util.List;
import java.util.Map;

/** A DB cluster as RDS describes it. Nullable fields are those RDS may leave out. */
public record AuroraCluster(
    String identifier,
    String arn,
    String status,
    String engine,
    String engineVersion,
    String engineMode,
    String endpoint,
    String readerEndpoint,
    Integer port,
    String masterUsername,
    String databaseName,
    Capacity scaling,
    Integer backupRetentionDays,
    String backupWindow,
    String maintenanceWindow,
    boolean deletionProtection,
    String parameterGroup,
    List<String> logExports,
    Map<String, String> tags,
    List<ClusterMember> members,
    boolean storageEncrypted,
    String kmsKeyId,
    String masterUserSecretArn,
    String dbSubnetGroup,
    List<String> securityGroupIds,
    boolean copyTagsToSnapshot) {

  /** RDS reports "available" once a create, restore, modify or upgrade has finished. */
  public boolean isAvailable() {
    return "available".equals(status);
  }

  /** Engine mode "serverless" is Aurora Serverless v1. */
  public boolean isServerlessV1() {
    return "serverless".equals(engineMode);
  }
}
