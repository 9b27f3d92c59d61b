package dev.dbops.aurora.migration.bluegreen.steps;

import dev.dbops.aurora.migration.MigrationContext;
import dev.dbops.aurora.migration.MigrationStep;
import dev.dbops.aurora.migration.StepResult;
import dev.dbops.aurora.model.migration.BlueGreenStatus;
import java.util.List;

/**
 * After switchover the deployment is only a record linking the two clusters; deleting it (never with DeleteTarget)
 * keeps both: green serving under the source's name, old blue as {@code <source>-old1} for RetireSource.
 */
public final class DeleteDeploymentStep implements MigrationStep {
  public static final String NAME = "DeleteBlueGreenDeployment";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public StepResult run(MigrationContext ctx) {
    BlueGreenStatus status = BlueGreenState.status(ctx);
    if (status.getDeploymentId() != null) {
      ctx.clusters().deleteBlueGreenDeployment(status.getDeploymentId(), false);
    }
    if (status.getDeploymentDeletedAt() == null) {
      status.setDeploymentDeletedAt(ctx.now().toString());
    }
    return StepResult.done("deployment " + status.getDeploymentId() + " deleted; kept " + status.getGreenClusterId()
        + " (serving) and " + status.getBlueClusterId() + " (old blue)");
  }

  @Override
  public List<String> plan(MigrationContext ctx) {
    return List.of("rds:DeleteBlueGreenDeployment " + ctx.names().blueGreenDeployment() + " (DeleteTarget false: both clusters kept)");
  }
}
