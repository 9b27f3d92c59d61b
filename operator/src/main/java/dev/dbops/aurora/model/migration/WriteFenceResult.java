package dev.dbops.aurora.model.migration;

/** What a write-fence check found on the source. */
public enum WriteFenceResult {
  /** Every counter equals the baseline: nothing was written after the snapshot point. */
  NoWritesDetected,
  /** Rows or sequences changed after the baseline: those writes are not on the target. */
  WritesDetected,
  /** The counters cannot prove it either way (reset, restart, unreadable sequences, prepared transactions). */
  Unprovable
}
