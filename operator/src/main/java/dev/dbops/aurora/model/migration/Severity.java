package dev.dbops.aurora.model.migration;

/** How serious a preflight finding is: a Blocker stops the migration before anything changes. */
public enum Severity {
  Blocker,
  Warning
}
