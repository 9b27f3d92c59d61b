package dev.dbops.aurora.migration.bluegreen.steps;

import dev.dbops.aurora.aws.BlueGreenDeployment;
import dev.dbops.aurora.migration.AwsPoll;
import dev.dbops.aurora.migration.MigrationContext;
import dev.dbops.aurora.migration.MigrationStep;
import dev.dbops.aurora.migration.StepResult;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Waits while RDS builds and upgrades green (PROVISIONING → AVAILABLE), showing RDS's tasks as progress. */
public final class AwaitGreenStep implements MigrationStep {
  public static final String NAME = "AwaitGreen";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public StepResult run(MigrationContext ctx) {
    Optional<BlueGreenDeployment> found = BlueGreenState.deployment(ctx);
    if (found.isEmpty()) {
      return BlueGreenState.deploymentGone(ctx);
    }
    BlueGreenDeployment d = found.get();
    BlueGreenState.record(ctx, d);
    if (d.isAvailable()) {
      BlueGreenState.recordTarget(ctx);
      return StepResult.done("green " + ctx.status().getBlueGreen().getGreenClusterId() + " is available, in sync with blue");
    }
    if ("PROVISIONING".equals(d.status())) {
      long done = d.tasks().stream().filter(t -> "COMPLETED".equals(t.status())).count();
      ctx.status().setStepProgress("tasks " + done + "/" + d.tasks().size());
      String tasks = d.tasks().stream().map(t -> t.name() + " " + t.status()).collect(Collectors.joining(", "));
      return StepResult.waiting("RDS is building green: " + tasks, AwsPoll.next(ctx));
    }
    return StepResult.failed("DeploymentNotAvailable", "Blue/Green deployment " + d.identifier() + " is " + d.status()
        + (d.statusDetails() == null ? "" : " (" + d.statusDetails() + ")") + "; see its events in the RDS console."
        + " Roll back (spec.rollback.requested: true) to delete it; both clusters are kept");
  }

  @Override
  public List<String> plan(MigrationContext ctx) {
    return List.of("rds:DescribeBlueGreenDeployments until AVAILABLE (green built, upgraded, replicating)");
  }
}
