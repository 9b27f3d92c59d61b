package dev.dbops.aurora.cluster;

import dev.dbops.aurora.aws.AuroraCluster;
import dev.dbops.aurora.aws.AuroraInstance;
import dev.dbops.aurora.aws.AwsRegions;
import dev.dbops.aurora.aws.ClusterApi;
import dev.dbops.aurora.aws.ClusterChanges;
import dev.dbops.aurora.aws.ClusterSnapshot;
import dev.dbops.aurora.aws.RdsIdentifier;
import dev.dbops.aurora.model.cluster.ClusterPhase;
import dev.dbops.aurora.model.cluster.DatabaseCluster;
import dev.dbops.aurora.model.cluster.DatabaseClusterStatus;
import dev.dbops.aurora.model.cluster.DeletionPolicy;
import dev.dbops.aurora.status.Conditions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deleting a DatabaseCluster's cluster in AWS under deletionPolicy Snapshot or Delete: never a cluster
 * the resource does not own, never through AWS deletion protection the spec still asks for, instances
 * first, then the cluster with its deterministic final snapshot; awaited by rescheduling. Under Snapshot
 * the finalizer stays until DescribeDBClusterSnapshots shows that snapshot available: a DeleteDBCluster
 * that was accepted is no proof the snapshot was taken.
 */
final class ClusterDeletion {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterDeletion.class);
  static final String MISSING_SNAPSHOT = "FinalSnapshotMissing";

  private final KubernetesClient client;
  private final AwsRegions regions;
  private final ClusterTimings timings;
  private final ClusterEvents events;
  private final ClusterConditions conditions;

  ClusterDeletion(KubernetesClient client, AwsRegions regions, ClusterTimings timings, ClusterEvents events,
      ClusterConditions conditions) {
    this.client = client;
    this.regions = regions;
    this.timings = timings;
    this.events = events;
    this.conditions = conditions;
  }

  /** One step of deleting the cluster in AWS; the finalizer stays until the cluster is gone. */
  DeleteControl delete(DatabaseCluster resource, DesiredCluster desired) {
    ClusterApi api = regions.clusters(desired.region());
    Optional<AuroraCluster> found = api.findCluster(desired.identifier());
    if (found.isEmpty()) {
      return clusterGone(resource, desired, api);
    }
    AuroraCluster cluster = found.get();
    if (!desired.adoptExisting() && !OwnerTag.isOwnedBy(cluster, resource)) {
      // Never ours: deleting someone else's cluster because our resource went away would be a disaster.
      events.normal(resource, "NotOwned", "Cluster " + desired.identifier() + " is not owned by this resource; left");
      return DeleteControl.defaultDelete();
    }
    DatabaseClusterStatus status = ClusterConditions.statusOf(resource);
    long generation = ClusterConditions.generationOf(resource);
    if ("deleting".equals(cluster.status())) {
      return waitForDeletion(resource, status, "AWS is deleting cluster " + desired.identifier());
    }
    if (cluster.deletionProtection()) {
      // Only an explicit false lifts it: a spec silent about it keeps what the cluster has.
      if (!Boolean.FALSE.equals(desired.deletionProtection())) {
        conditions.notReady(resource, status, "DeletionProtected", "Cluster " + desired.identifier()
            + " has deletion protection; set spec.deletionProtection: false to let deletionPolicy "
            + desired.deletionPolicy() + " proceed");
        patchStatus(resource);
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(timings.resync().toMillis());
      }
      if (cluster.isAvailable()) {
        // The user turned protection off in the spec; apply that one change, nothing more.
        api.modifyCluster(desired.identifier(), new ClusterChanges(
            null, null, null, null, false, null, null, null, null, false, null, null, null));
        api.refresh(desired.identifier());
      }
      return waitForDeletion(resource, status, "Turning deletion protection off");
    }
    List<AuroraInstance> instances = OwnInstances.of(desired.identifier(), api.findInstances(desired.identifier()));
    if (!instances.isEmpty()) {
      for (AuroraInstance instance : instances) {
        if (!"deleting".equals(instance.status())) {
          api.deleteInstance(instance.identifier());
        }
      }
      api.refresh(desired.identifier());
      return waitForDeletion(resource, status, "Deleting instances of " + desired.identifier());
    }
    Optional<String> snapshot = desired.deletionPolicy() == DeletionPolicy.Snapshot
        ? Optional.of(FinalSnapshotName.of(resource)) : Optional.empty();
    api.deleteCluster(desired.identifier(), snapshot);
    api.refresh(desired.identifier());
    // The snapshot is named in status and events only once AWS shows it (see finalSnapshotSeen).
    events.normal(resource, "Deleting", "Deleting cluster " + desired.identifier()
        + (snapshot.isPresent() ? "; RDS takes a final snapshot first" : " without final snapshot"));
    return waitForDeletion(resource, status, "Deleting cluster " + desired.identifier());
  }

  private DeleteControl clusterGone(DatabaseCluster resource, DesiredCluster desired, ClusterApi api) {
    DatabaseClusterStatus status = ClusterConditions.statusOf(resource);
    // No ARN in status: this resource never saw a cluster of its own, so there was nothing to snapshot.
    if (desired.deletionPolicy() != DeletionPolicy.Snapshot || status.getArn() == null) {
      return DeleteControl.defaultDelete();
    }
    String snapshotId = FinalSnapshotName.of(resource);
    Optional<ClusterSnapshot> snapshot = api.findSnapshot(snapshotId)
        .filter(s -> RdsIdentifier.same(s.clusterId(), desired.identifier()));
    if (snapshot.isPresent() && snapshot.get().isAvailable()) {
      status.setFinalSnapshotIdentifier(snapshot.get().identifier());
      events.normal(resource, "FinalSnapshotTaken", "Cluster " + desired.identifier() + " deleted; final snapshot "
          + snapshot.get().identifier() + " is available");
      patchStatus(resource);
      return DeleteControl.defaultDelete();
    }
    if (snapshot.isPresent() && "creating".equals(snapshot.get().status())) {
      return waitForDeletion(resource, status, "Waiting for final snapshot " + snapshotId + " ("
          + Optional.ofNullable(snapshot.get().percentProgress()).orElse(0) + "%)");
    }
    String message = "Cluster " + desired.identifier() + " is gone but its final snapshot " + snapshotId
        + snapshot.map(s -> " is " + s.status()).orElse(" does not exist")
        + "; the resource is kept: check AWS, then set spec.deletionPolicy: Delete to let it go without it";
    boolean alreadySaid = Conditions.find(status.getConditions(), Conditions.DEGRADED)
        .filter(c -> "True".equals(c.getStatus()) && MISSING_SNAPSHOT.equals(c.getReason()))
        .isPresent();
    if (!alreadySaid) {
      events.warning(resource, MISSING_SNAPSHOT, message);
      LOG.warn("{}: {}", key(resource), message);
    }
    status.setPhase(ClusterPhase.Failed);
    conditions.notReady(resource, status, MISSING_SNAPSHOT, message);
    patchStatus(resource);
    // Checked again later: a snapshot listing may lag the cluster's disappearance.
    return DeleteControl.noFinalizerRemoval().rescheduleAfter(timings.resync().toMillis());
  }

  private DeleteControl waitForDeletion(DatabaseCluster resource, DatabaseClusterStatus status, String message) {
    status.setPhase(ClusterPhase.Deleting);
    conditions.deleting(resource, status, message);
    patchStatus(resource);
    return DeleteControl.noFinalizerRemoval().rescheduleAfter(timings.poll().toMillis());
  }

  /**
   * Cleaner results cannot carry a status, so status during deletion is patched directly, against the
   * latest copy so a concurrent spec edit (turning deletion protection off) is not overwritten.
   */
  void patchStatus(DatabaseCluster resource) {
    try {
      DatabaseClusterStatus status = resource.getStatus();
      client.resources(DatabaseCluster.class)
          .inNamespace(resource.getMetadata().getNamespace())
          .withName(resource.getMetadata().getName())
          .editStatus(latest -> {
            latest.setStatus(status);
            return latest;
          });
    } catch (RuntimeException e) {
      LOG.warn("{}: status not patched during deletion: {}", key(resource), e.getMessage());
    }
  }

  private static String key(DatabaseCluster resource) {
    return resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
  }
}
