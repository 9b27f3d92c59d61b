package dev.dbops.aurora.cluster;

import dev.dbops.aurora.aws.AwsErrorKind;
import dev.dbops.aurora.aws.AwsException;
import dev.dbops.aurora.aws.ClusterApi;
import dev.dbops.aurora.aws.ClusterRestore;
import dev.dbops.aurora.aws.NewCluster;
import dev.dbops.aurora.cluster.MasterPasswordSource.MasterPassword;
import dev.dbops.aurora.model.cluster.ClusterPhase;
import dev.dbops.aurora.model.cluster.DatabaseCluster;
import dev.dbops.aurora.model.cluster.DatabaseClusterStatus;
import java.time.Duration;
import java.util.Optional;

/**
 * Creates the cluster a DatabaseCluster declares (or restores it from its snapshot) when AWS has none,
 * and waits out RDS's listing delay instead of creating it twice.
 */
final class ClusterCreation {
  private final ClusterTimings timings;
  private final MasterPasswordSource passwords;
  private final ClusterEvents events;
  private final ClusterStatusObserver observer;
  private final ClusterConditions statusConditions;
  private final PendingCreates pendingCreates;
  private final PollSchedule polls;

  ClusterCreation(ClusterTimings timings, MasterPasswordSource passwords, ClusterEvents events,
      ClusterStatusObserver observer, ClusterConditions statusConditions, PendingCreates pendingCreates,
      PollSchedule polls) {
    this.polls = polls;
    this.timings = timings;
    this.passwords = passwords;
    this.events = events;
    this.observer = observer;
    this.statusConditions = statusConditions;
    this.pendingCreates = pendingCreates;
  }

  Duration create(
      DatabaseCluster resource, DesiredCluster desired, DatabaseClusterStatus status, ClusterApi api) {
    observer.observeAbsent(status);
    if (desired.adoptExisting()) {
      statusConditions.notReady(resource, status, "ClusterNotFound", "No cluster " + desired.identifier() + " in "
          + desired.region() + " to adopt; adoptExisting never creates one");
      return timings.resyncFromNow();
    }
    OwnedParameterGroupSync.ensure(resource, desired, api);
    String parameterGroup = desired.parameterGroupName().orElse(null);
    try {
      if (desired.restoreFromSnapshot().isPresent()) {
        api.restoreFromSnapshot(new ClusterRestore(
            desired.identifier(), desired.restoreFromSnapshot().get(), desired.engine(), desired.engineVersion(),
            desired.scaling(), desired.port(), desired.dbSubnetGroup(), desired.securityGroupIds(),
            desired.kmsKeyId(), parameterGroup, desired.deletionProtectionForCreate(), desired.logExports(), desired.tags()));
        events.normal(resource, "Restoring", "Restoring cluster " + desired.identifier() + " from snapshot "
            + desired.restoreFromSnapshot().get());
      } else {
        Optional<MasterPassword> password = desired.manageMasterUserPassword()
            ? Optional.empty() : passwords.read(resource);
        if (!desired.manageMasterUserPassword() && password.isEmpty()) {
          status.setPhase(ClusterPhase.Failed);
          statusConditions.notReady(resource, status, "MasterPasswordMissing",
              "Set masterCredentials.passwordSecretRef or masterCredentials.manageMasterUserPassword: true");
          return timings.resyncFromNow();
        }
        api.createCluster(new NewCluster(
            desired.identifier(), desired.engine(), desired.engineVersion(), desired.scaling(),
            desired.masterUsername(), password.map(MasterPassword::value).orElse(null),
            desired.manageMasterUserPassword(),
            desired.masterUserSecretKmsKeyId(), desired.databaseName(), desired.port(), desired.dbSubnetGroup(),
            desired.securityGroupIds(), desired.storageEncrypted(), desired.kmsKeyId(),
            desired.retentionDaysForCreate(), desired.backupWindow(), desired.maintenanceWindow(),
            desired.deletionProtectionForCreate(), parameterGroup, desired.logExports(),
            desired.copyTagsToSnapshotForCreate(),
            desired.tags()));
        // Created with this Secret version's password: a later edit of the Secret is a rotation.
        password.ifPresent(p -> status.setMasterPasswordFingerprint(p.fingerprint()));
        events.normal(resource, "Creating", "Creating cluster " + desired.identifier() + " in " + desired.region());
      }
    } catch (AwsException e) {
      if (!ownNameTaken(e, status, PendingCreates.CLUSTER, desired.identifier())) {
        throw e;
      }
      // Our own name, taken: a create of ours the describes do not list yet, one whose answer was lost (the
      // SDK retried it), or someone else's cluster. Once listed, the owner-tag check decides: adopted if
      // ours, ClusterExistsNotOwned if not.
      status.setPendingCreates(pendingCreates.asked(status.getPendingCreates(), PendingCreates.CLUSTER,
          desired.identifier()));
      return awaitClusterListing(resource, desired, status, api);
    }
    status.setPendingCreates(pendingCreates.asked(status.getPendingCreates(), PendingCreates.CLUSTER,
        desired.identifier()));
    api.refresh(desired.identifier());
    status.setPhase(ClusterPhase.Creating);
    statusConditions.progressing(resource, status, "Creating", "Creating cluster " + desired.identifier());
    return polls.afterWrite(resource.getMetadata().getUid());
  }

  /**
   * The cluster's create was asked for within the grace period and the describes do not list it yet: RDS
   * lists new clusters with a delay, and creating it again would only be refused as AlreadyExists.
   */
  Duration awaitClusterListing(
      DatabaseCluster resource, DesiredCluster desired, DatabaseClusterStatus status, ClusterApi api) {
    // Without a re-read the inventory would keep the miss until its next full listing.
    api.refresh(desired.identifier());
    observer.observeAbsent(status);
    status.setPhase(ClusterPhase.Creating);
    statusConditions.progressing(resource, status, "Creating",
        "Cluster " + desired.identifier() + " was created and AWS does not list it yet");
    return polls.whileWaiting(resource.getMetadata().getUid(), api, desired.identifier());
  }

  /**
   * AlreadyExists for a name the operator asked to create: AWS's lag, unless a create of it was already
   * waited for a whole grace period and it never showed, which is a real conflict to report.
   */
  boolean ownNameTaken(AwsException e, DatabaseClusterStatus status, String kind, String identifier) {
    return e.kind() == AwsErrorKind.ALREADY_EXISTS
        && !pendingCreates.waitedInVain(status.getPendingCreates(), kind, identifier);
  }
}
