package dev.dbops.aurora.model.migration;

/** What happens to the source after cutover. */
public enum RetirementAction {
  Keep,
  Stop,
  Delete
}
