package dev.dbops.aurora.cluster;

import dev.dbops.aurora.aws.RdsIdentifier;
import dev.dbops.aurora.model.cluster.DatabaseCluster;

/**
 * The final snapshot's identifier. Derived from the resource's uid so a retried delete asks for the
 * same snapshot, and a re-created resource of the same name does not collide with an old one.
 */
final class FinalSnapshotName {
  private FinalSnapshotName() {}

  static String of(DatabaseCluster resource) {
    String uid = resource.getMetadata().getUid().replace("-", "");
    return RdsIdentifier.canonical(resource.getSpec().getClusterIdentifier())
        + "-final-" + uid.substring(0, Math.min(8, uid.length()));
  }
}
