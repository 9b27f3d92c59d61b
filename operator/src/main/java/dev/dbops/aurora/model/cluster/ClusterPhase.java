package dev.dbops.aurora.model.cluster;

/** Coarse state of a DatabaseCluster, shown in {@code kubectl get dbc}. */
public enum ClusterPhase {
  Pending,
  Creating,
  Modifying,
  Available,
  Deleting,
  Failed
}
