package dev.dbops.aurora.model.migration;

/** How the migration moves the data: see docs/blue-green.md for BlueGreen and Auto. */
public enum MigrationStrategy {
  /** Snapshot of the read-only source, restore, major upgrade(s), verification, cutover. */
  SnapshotRestore,
  /** RDS Blue/Green deployment kept in sync by logical replication; writes blocked only during the switchover. */
  BlueGreen,
  /** BlueGreen when preflight finds the source ready for it, else SnapshotRestore; decided once, at preflight. */
  Auto
}
