package dev.dbops.aurora.aws;

import java.util.List;
import java.util.Map;

/**
 * RestoreDBClusterFromSnapshot as a Serverless v2 cluster: engine mode provisioned plus scaling; the
 * db.serverless instances are created afterwards. Null fields keep what the snapshot carries.
 */
public record ClusterRestore(
    String identifier,
    String snapshotIdentifier,
    String engine,
    String engineVersion,
    Capacity scaling,
    Integer port,
    String dbSubnetGroup,
    List<String> securityGroupIds,
    String kmsKeyId,
    String parameterGroup,
    boolean deletionProtection,
    List<String> logExports,
    Map<String, String> tags) {}
