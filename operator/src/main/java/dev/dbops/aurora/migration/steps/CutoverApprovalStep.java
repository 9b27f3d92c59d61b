package dev.dbops.aurora.migration.steps;

import dev.dbops.aurora.migration.MigrationContext;
import dev.dbops.aurora.migration.MigrationStep;
import dev.dbops.aurora.migration.StepResult;
import dev.dbops.aurora.model.migration.CutoverMode;
import dev.dbops.aurora.model.migration.CutoverSpec;
import java.time.Duration;
import java.util.List;

/**
 * With cutover mode Manual, waits until spec.cutover.approved is true, so the switch can be approved
 * through Git like any other change. A spec change wakes the reconciler at once; the long recheck is only
 * a safety net.
 */
public final class CutoverApprovalStep implements MigrationStep {
  public static final String NAME = "AwaitCutoverApproval";
  static final Duration RECHECK = Duration.ofMinutes(5);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public StepResult run(MigrationContext ctx) {
    CutoverSpec cutover = ctx.spec().getCutover();
    if (cutover == null || cutover.getMode() == CutoverMode.Automatic) {
      return StepResult.done("cutover mode Automatic");
    }
    if (cutover.isApproved()) {
      return StepResult.done("cutover approved");
    }
    return StepResult.waiting(
        "verified; waiting for approval: set spec.cutover.approved: true to point apps at "
            + ctx.names().targetCluster(),
        RECHECK);
  }

  @Override
  public List<String> plan(MigrationContext ctx) {
    CutoverSpec cutover = ctx.spec().getCutover();
    return cutover == null || cutover.getMode() == CutoverMode.Automatic
        ? List.of()
        : List.of("wait for spec.cutover.approved: true");
  }
}
