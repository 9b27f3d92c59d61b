package dev.dbops.aurora.model.migration;

/** When the apps are moved to the target. */
public enum CutoverMode {
  Automatic,
  Manual
}
