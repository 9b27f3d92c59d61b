package dev.dbops.aurora.migration.bluegreen.steps;

import dev.dbops.aurora.aws.AuroraCluster;
import dev.dbops.aurora.aws.BlueGreenDeployment;
import dev.dbops.aurora.migration.MigrationContext;
import dev.dbops.aurora.migration.StepResult;
import dev.dbops.aurora.model.migration.BlueGreenStatus;
import dev.dbops.aurora.model.migration.TargetStatus;
import java.util.Optional;

/** Blue, green and the deployment as status names them: ids from status, never the spec's names (RDS renames at switchover). */
final class BlueGreenState {
  private BlueGreenState() {}

  static BlueGreenStatus status(MigrationContext ctx) {
    return ctx.status().blueGreen();
  }

  static AuroraCluster blue(MigrationContext ctx) {
    return ctx.sourceCluster().orElseThrow(() -> new IllegalStateException("blue cluster "
        + status(ctx).getBlueClusterId() + " not found"));
  }

  /**
   * The deployment: by the id status recorded, or, when a crash lost that record, by its deterministic name among
   * the deployments of blue (so a retried create never makes a second one).
   */
  static Optional<BlueGreenDeployment> deployment(MigrationContext ctx) {
    BlueGreenStatus status = status(ctx);
    if (status.getDeploymentId() != null) {
      return ctx.clusters().findBlueGreenDeployment(status.getDeploymentId());
    }
    Optional<AuroraCluster> blue = ctx.sourceCluster();
    if (blue.isEmpty()) {
      return Optional.empty();
    }
    String name = ctx.names().blueGreenDeployment();
    Optional<BlueGreenDeployment> found = ctx.clusters().blueGreenDeploymentsOfSource(blue.get().arn()).stream()
        .filter(d -> name.equals(d.name())).findFirst();
    found.ifPresent(d -> record(ctx, d));
    return found;
  }

  /** What a step says when the deployment it works on is gone (deleted outside the operator). */
  static StepResult deploymentGone(MigrationContext ctx) {
    BlueGreenStatus status = status(ctx);
    return StepResult.failed("DeploymentNotFound", "Blue/Green deployment " + ctx.names().blueGreenDeployment()
        + (status.getDeploymentId() == null ? "" : " (" + status.getDeploymentId() + ")") + " no longer exists; it was"
        + " deleted outside the operator. Clusters: blue " + status.getBlueClusterId() + ", green "
        + status.getGreenClusterId() + " (both kept)");
  }

  /** Records what RDS says of the deployment; after switchover its source is old blue and its target has blue's name. */
  static void record(MigrationContext ctx, BlueGreenDeployment d) {
    BlueGreenStatus status = status(ctx);
    status.setDeploymentId(d.identifier());
    status.setDeploymentName(d.name());
    if (d.targetArn() != null) {
      status.setGreenClusterId(clusterId(d.targetArn()));
    }
    if (d.sourceArn() != null) {
      status.setBlueClusterId(clusterId(d.sourceArn()));
    }
  }

  /** status.target as the snapshot strategy fills it, for green: what the migration ends on. */
  static void recordTarget(MigrationContext ctx) {
    ctx.targetCluster().ifPresent(green -> {
      TargetStatus target = ctx.status().getTarget() == null ? new TargetStatus() : ctx.status().getTarget();
      target.setIdentifier(green.identifier());
      target.setArn(green.arn());
      target.setEndpoint(green.endpoint());
      target.setReaderEndpoint(green.readerEndpoint());
      target.setEngineVersion(green.engineVersion());
      target.setInstances(ctx.clusters().findInstances(green.identifier()).stream().map(i -> i.identifier()).toList());
      ctx.status().setTarget(target);
    });
  }

  static String clusterId(String arn) {
    return arn.substring(arn.lastIndexOf(':') + 1);
  }
}
