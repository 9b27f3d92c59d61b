package dev.dbops.aurora.aws;

import java.util.List;

/**
 * One ModifyDBCluster call, applied immediately. A null field leaves that setting as it is.
 * {@code instanceParameterGroup} is only sent with a major version upgrade, where RDS requires it.
 */
public record ClusterChanges(
    Capacity scaling,
    Integer backupRetentionDays,
    String backupWindow,
    String maintenanceWindow,
    Boolean deletionProtection,
    String parameterGroup,
    List<String> enableLogTypes,
    List<String> disableLogTypes,
    String engineVersion,
    boolean allowMajorVersionUpgrade,
    String instanceParameterGroup,
    Boolean copyTagsToSnapshot,
    SecretValue masterPassword) {

  public static ClusterChanges none() {
    return new ClusterChanges(null, null, null, null, null, null, null, null, null, false, null, null, null);
  }

  /** Only DeletionProtection: the one change a rollback makes to its own target before deleting it. */
  public static ClusterChanges deletionProtection(boolean on) {
    return new ClusterChanges(null, null, null, null, on, null, null, null, null, false, null, null, null);
  }

  public boolean isEmpty() {
    return equals(none());
  }
}
