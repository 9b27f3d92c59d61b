package dev.dbops.aurora.migration.bluegreen.steps;

import dev.dbops.aurora.aws.AuroraCluster;
import dev.dbops.aurora.aws.AwsErrorKind;
import dev.dbops.aurora.aws.AwsException;
import dev.dbops.aurora.aws.BlueGreenDeployment;
import dev.dbops.aurora.aws.NewBlueGreenDeployment;
import dev.dbops.aurora.migration.AwsPoll;
import dev.dbops.aurora.migration.MigrationContext;
import dev.dbops.aurora.migration.MigrationNames;
import dev.dbops.aurora.migration.MigrationStep;
import dev.dbops.aurora.migration.StepResult;
import dev.dbops.aurora.migration.steps.ParameterCarryOver;
import dev.dbops.aurora.migration.steps.Tags;
import dev.dbops.aurora.model.migration.CarriedParameterGroup;
import dev.dbops.aurora.upgrade.ParameterGroupFamily;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CreateBlueGreenDeployment of blue with the target version (preflight's upgrade path ends there) and a DB cluster
 * parameter group of its family: the spec's, else the operator-owned copy of the source group's parameters that
 * preflight planned, as the snapshot strategy's upgrade uses. The name is derived from the migration and looked for
 * among blue's deployments first, so a restarted operator never creates a second.
 */
public final class CreateBlueGreenDeploymentStep implements MigrationStep {
  public static final String NAME = "CreateBlueGreenDeployment";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public StepResult run(MigrationContext ctx) {
    Optional<BlueGreenDeployment> found = BlueGreenState.deployment(ctx);
    if (found.isPresent()) {
      return created(found.get());
    }
    AuroraCluster blue = BlueGreenState.blue(ctx);
    if (!blue.isAvailable()) {
      return StepResult.waiting("waiting for " + blue.identifier() + " to be available", AwsPoll.next(ctx));
    }
    String version = ctx.status().getTargetEngineVersion();
    ParameterGroupFamily family = ParameterGroupFamily.of(version);
    Optional<CarriedParameterGroup> carried = ParameterCarryOver.groupFor(ctx.status().getParameterGroups(), family);
    if (carried.isPresent()) {
      Optional<StepResult> unusable = ParameterCarryOver.ensure(ctx, carried.get());
      if (unusable.isPresent()) {
        return unusable.get();
      }
    }
    String group = ctx.spec().getTarget().getClusterParameterGroupName() != null
        ? ctx.spec().getTarget().getClusterParameterGroupName()
        : carried.map(CarriedParameterGroup::getGroup).orElse(null);
    String name = ctx.names().blueGreenDeployment();
    try {
      BlueGreenDeployment d = ctx.clusters().createBlueGreenDeployment(new NewBlueGreenDeployment(name, blue.arn(), version,
          group, Tags.of(ctx, Map.of(MigrationNames.OWNER_TAG, ctx.names().ownerTagValue()))));
      BlueGreenState.record(ctx, d);
      return created(d);
    } catch (AwsException e) {
      if (e.kind() == AwsErrorKind.ALREADY_EXISTS) {
        return StepResult.waiting("deployment " + name + " exists; looking it up", AwsPoll.next(ctx));
      }
      if ("SourceClusterNotSupportedFault".equals(e.code())) {
        return StepResult.failed(e.code(), "RDS refused a Blue/Green deployment of " + blue.identifier() + ": "
            + e.getMessage() + ". See status.preflight.blueGreen and docs/blue-green.md");
      }
      throw e;
    }
  }

  private static StepResult created(BlueGreenDeployment d) {
    return StepResult.done("deployment " + d.name() + " (" + d.identifier() + ") " + d.status(),
        Map.of("blueGreenDeploymentId", d.identifier()));
  }

  @Override
  public List<String> plan(MigrationContext ctx) {
    String version = ctx.status().getTargetEngineVersion();
    return List.of("rds:CreateBlueGreenDeployment " + ctx.names().blueGreenDeployment() + " Source=" + ctx.names().sourceCluster()
        + " TargetEngineVersion=" + version + " TargetDBClusterParameterGroupName=<spec's, or the carried group of "
        + (version == null ? "the target family" : ParameterGroupFamily.of(version).name()) + "> (tagged as this migration's)");
  }
}
