package dev.dbops.aurora.migration;

import java.util.List;

/**
 * One named step of a migration. {@link #run} first observes whether the step's work is already done
 * (the operator may have been killed after acting and before recording it), and only then acts, with
 * deterministic names, so running it again never does the work twice.
 */
public interface MigrationStep {

  /** Name shown in status.steps and status.currentStep. */
  String name();

  /** Observe, act if needed, and say where the step stands. Writes what it learns into ctx.status(). */
  StepResult run(MigrationContext ctx);

  /** The AWS calls and SQL statements this step would make, for the dry-run plan. */
  List<String> plan(MigrationContext ctx);

  /** True once the step has changed something a rollback must undo or report. Preflight changes nothing. */
  default boolean changesSource() {
    return true;
  }
}
