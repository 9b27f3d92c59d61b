package dev.dbops.aurora.model.migration;

/** State of one migration step. */
public enum StepState {
  Pending,
  Running,
  Succeeded,
  Failed,
  Skipped
}
