package dev.dbops.aurora.aws;

import java.util.List;
import java.util.Map;

/**
 * Everything CreateDBCluster needs for a Serverless v2 cluster (engine mode provisioned). Exactly one of
 * {@code masterPassword} and {@code manageMasterUserPassword} is set.
 */
public record NewCluster(
    String identifier,
    String engine,
    String engineVersion,
    Capacity scaling,
    String masterUsername,
    SecretValue masterPassword,
    boolean manageMasterUserPassword,
    String masterUserSecretKmsKeyId,
    String databaseName,
    Integer port,
    String dbSubnetGroup,
    List<String> securityGroupIds,
    boolean storageEncrypted,
    String kmsKeyId,
    Integer backupRetentionDays,
    String backupWindow,
    String maintenanceWindow,
    boolean deletionProtection,
    String parameterGroup,
    List<String> logExports,
    boolean copyTagsToSnapshot,
    Map<String, String> tags) {}
