package dev.dbops.aurora.model.migration;

/** What rollback does with the target cluster. */
public enum TargetDisposition {
  Keep,
  Delete
}
