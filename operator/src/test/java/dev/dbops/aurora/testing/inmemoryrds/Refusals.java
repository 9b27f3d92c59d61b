package dev.dbops.aurora.testing.inmemoryrds;

import dev.dbops.aurora.aws.AwsException;
import dev.dbops.aurora.aws.Capacity;
import dev.dbops.aurora.aws.sdk.AwsErrorClassifier;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * What RDS refuses, in RDS's codes and words, written out here rather than taken from the operator.
 * Errors go through the SDK layer's classifier, so the code under test meets the same {@link AwsException}
 * (kind included) it would meet from RDS through the SDK.
 */
final class Refusals {
  /** Cluster statuses in which RDS refuses Modify/Delete/Stop/Start/CreateDBClusterSnapshot. */
  static final Set<String> CLUSTER_BUSY = Set.of("creating", "modifying", "upgrading", "stopping", "starting",
      "deleting");
  /** Statuses in which a cluster takes no new instance (Aurora User Guide, stopping and starting a cluster). */
  static final Set<String> CLUSTER_TAKES_NO_INSTANCE = Set.of("stopping", "stopped", "starting", "deleting");
  static final Set<String> INSTANCE_BUSY = Set.of("creating", "modifying", "deleting", "upgrading", "rebooting");

  static final int MAX_LENGTH = 63;
  static final int FINAL_SNAPSHOT_MAX_LENGTH = 255;
  private static final Pattern SHAPE = Pattern.compile("[a-z][a-z0-9-]*");

  private Refusals() {}

  static AwsException error(int httpStatus, String code, String message) {
    return AwsErrorClassifier.classify(AwsServiceException.builder().statusCode(httpStatus)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).serviceName("Rds").build())
        .build());
  }

  /**
   * RDS API Reference, CreateDBCluster / CreateDBInstance / CreateDBClusterSnapshot: 1 to 63 letters,
   * digits or hyphens, first a letter, no two consecutive hyphens, no trailing hyphen (the final snapshot
   * of DeleteDBCluster: up to 255). Called with the lower-cased identifier.
   */
  static void checkIdentifier(String parameter, String id, int maxLength) {
    if (id.isEmpty() || id.length() > maxLength || !SHAPE.matcher(id).matches() || id.contains("--")
        || id.endsWith("-")) {
      throw error(400, "InvalidParameterValue", "The parameter " + parameter + " is not a valid identifier. "
          + "Identifiers must begin with a letter; must contain only ASCII letters, digits, and hyphens; must be "
          + "at most " + maxLength + " characters long; and must not end with a hyphen or contain two consecutive "
          + "hyphens. Given: " + id);
    }
  }

  static AwsException clusterNotFound(String id) {
    return error(404, "DBClusterNotFoundFault", "DBCluster " + id + " not found.");
  }

  static AwsException instanceNotFound(String id) {
    return error(404, "DBInstanceNotFound", "DBInstance " + id + " not found.");
  }

  static AwsException snapshotNotFound(String id) {
    return error(404, "DBClusterSnapshotNotFoundFault", "DBClusterSnapshot " + id + " not found.");
  }

  static AwsException clusterState(String id, String status) {
    return error(400, "InvalidDBClusterStateFault", "DbCluster " + id + " is in " + status + " state.");
  }

  static AwsException instanceState(String id, String status) {
    return error(400, "InvalidDBInstanceState", "DbInstance " + id + " is in " + status + " state.");
  }

  static AwsException invalidCombination(String message) {
    return error(400, "InvalidParameterCombination", message);
  }

  /** The family of parameter groups an engine version takes, e.g. aurora-postgresql15 for 15.8. */
  static String familyOf(String engineVersion) {
    return "aurora-postgresql" + engineVersion.split("\\.")[0];
  }

  /**
   * A minimum of 0 ACU (auto-pause) needs 13.15/14.12/15.7/16.3 or later, a maximum above 128 needs
   * 13.14/14.11/15.6/16.2 or later (Aurora User Guide, "Aurora Serverless v2 capacity").
   */
  static void checkScaling(String version, Capacity scaling) {
    if (scaling == null) {
      return;
    }
    String[] parts = version.split("\\.");
    int major = Integer.parseInt(parts[0]);
    int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
    boolean autoPause = major > 16 || minor >= Map.of(13, 15, 14, 12, 15, 7, 16, 3).getOrDefault(major, 99);
    boolean max256 = major > 16 || minor >= Map.of(13, 14, 14, 11, 15, 6, 16, 2).getOrDefault(major, 99);
    if ((scaling.min() != null && scaling.min() < 0.5 && !autoPause)
        || (scaling.max() != null && scaling.max() > 128 && !max256)) {
      throw error(400, "InvalidParameterValue", "Serverless v2 capacity " + scaling.min() + "-" + scaling.max()
          + " is not supported by engine version " + version);
    }
  }
}
