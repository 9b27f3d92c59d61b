package dev.dbops.aurora.model.cluster;

/** What the operator does in AWS when a DatabaseCluster resource is deleted. */
public enum DeletionPolicy {
  /** Leave the cluster running; only the Kubernetes resource goes. */
  Retain,
  /** Take a final snapshot with a deterministic name, then delete the cluster. */
  Snapshot,
  /** Delete the cluster; AWS still keeps automated backups for their retention period. */
  Delete
}
