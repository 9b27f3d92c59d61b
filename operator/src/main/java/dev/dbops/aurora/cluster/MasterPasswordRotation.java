package dev.dbops.aurora.cluster;

import dev.dbops.aurora.aws.AuroraCluster;
import dev.dbops.aurora.aws.ClusterChanges;
import dev.dbops.aurora.cluster.MasterPasswordSource.MasterPassword;
import dev.dbops.aurora.model.cluster.DatabaseCluster;
import dev.dbops.aurora.model.cluster.DatabaseClusterStatus;
import dev.dbops.aurora.status.Conditions;
import java.util.Optional;

/**
 * When the master password goes to AWS after the cluster exists: once after a restore (the snapshot
 * brings its own password), and once each time the password Secret changes. Status keeps only the
 * Secret's version fingerprint (see {@link MasterPassword}), so a restarted operator does not send it
 * again and nothing in status, events or logs is derived from the password.
 *
 * <p>AWS never shows the password, so there is nothing to re-read and no attempt to count: the send is
 * recorded as soon as AWS accepts it, and a refused one is retried like any other AWS error.
 */
final class MasterPasswordRotation {
  /** Condition type recording that the password Secret was applied to a restored cluster. */
  static final String PASSWORD_SET = "MasterPasswordSet";

  enum Step { NONE, SET_AFTER_RESTORE, ROTATE }

  private final ClusterEvents events;
  private final Conditions conditions;

  MasterPasswordRotation(ClusterEvents events, Conditions conditions) {
    this.events = events;
    this.conditions = conditions;
  }

  Step next(DatabaseCluster resource, DesiredCluster desired, AuroraCluster cluster, DatabaseClusterStatus status,
      Optional<MasterPassword> password) {
    if (password.isEmpty()) {
      return Step.NONE;
    }
    String recorded = status.getMasterPasswordFingerprint();
    String current = password.get().fingerprint();
    if (desired.manageMasterUserPassword() || cluster.masterUserSecretArn() != null) {
      // Secrets Manager owns this password (RDS would refuse MasterUserPassword anyway): say so once per edit.
      if (recorded != null && !recorded.equals(current)) {
        events.warning(resource, "MasterPasswordManagedByAws", "Secret " + secretName(resource)
            + " changed, but AWS Secrets Manager manages the master password of " + desired.identifier()
            + " (masterUserSecretArn); the Secret's password is not applied");
      }
      status.setMasterPasswordFingerprint(current);
      return Step.NONE;
    }
    if (desired.restoreFromSnapshot().isPresent() && !Conditions.isTrue(status.getConditions(), PASSWORD_SET)) {
      return Step.SET_AFTER_RESTORE;
    }
    if (recorded == null) {
      // First sight of a cluster created with this password, or adopted (whose password the operator never
      // set before): later edits of the Secret are rotated from here on.
      status.setMasterPasswordFingerprint(current);
      return Step.NONE;
    }
    return recorded.equals(current) ? Step.NONE : Step.ROTATE;
  }

  /** The changes to send, with the password added when {@code step} sends it. */
  static ClusterChanges withPassword(ClusterChanges c, Step step, Optional<MasterPassword> password) {
    if (step == Step.NONE) {
      return c;
    }
    return new ClusterChanges(c.scaling(), c.backupRetentionDays(), c.backupWindow(), c.maintenanceWindow(),
        c.deletionProtection(), c.parameterGroup(), c.enableLogTypes(), c.disableLogTypes(), c.engineVersion(),
        c.allowMajorVersionUpgrade(), c.instanceParameterGroup(), c.copyTagsToSnapshot(), password.get().value());
  }

  /** AWS accepted the password: remember which Secret version it came from. */
  void sent(DatabaseCluster resource, DesiredCluster desired, DatabaseClusterStatus status, Step step,
      Optional<MasterPassword> password) {
    if (step == Step.NONE) {
      return;
    }
    status.setMasterPasswordFingerprint(password.get().fingerprint());
    if (step == Step.SET_AFTER_RESTORE) {
      conditions.set(status.getConditions(), PASSWORD_SET, true, "SetAfterRestore",
          "Master password set from " + secretName(resource), ClusterConditions.generationOf(resource));
    } else {
      events.normal(resource, "MasterPasswordRotated", "Master password of " + desired.identifier()
          + " set from the changed Secret " + secretName(resource));
    }
  }

  private static String secretName(DatabaseCluster resource) {
    return resource.getSpec().getMasterCredentials().getPasswordSecretRef().getName();
  }
}
