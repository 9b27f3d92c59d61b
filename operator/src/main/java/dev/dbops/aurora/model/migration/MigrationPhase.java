package dev.dbops.aurora.model.migration;

/** Where a migration is, shown in kubectl get amig. */
public enum MigrationPhase {
  Pending,
  Preflight,
  Planned,
  Migrating,
  AwaitingCutover,
  CuttingOver,
  Completed,
  Failed,
  RollingBack,
  RolledBack
}
