package dev.dbops.aurora.migration.steps;

import dev.dbops.aurora.aws.AuroraCluster;
import dev.dbops.aurora.aws.Capacity;
import dev.dbops.aurora.aws.ClusterChanges;
import dev.dbops.aurora.migration.AwsPoll;
import dev.dbops.aurora.migration.MigrationContext;
import dev.dbops.aurora.migration.MigrationStep;
import dev.dbops.aurora.migration.StepResult;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * After the upgrade, makes sure the target is Serverless v2 throughout: the scaling range is set, every
 * db.serverless instance exists and is available, and the temporary provisioned writer (only made for
 * sources without Serverless v2) is gone. A no-op when the instances were db.serverless from the start.
 */
public final class ServerlessInstancesStep implements MigrationStep {
  public static final String NAME = "ServerlessInstances";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public StepResult run(MigrationContext ctx) {
    AuroraCluster target = ctx.targetCluster().orElseThrow(() -> new IllegalStateException("target cluster vanished"));
    Capacity wanted = Capacities.of(ctx.spec().getTarget().getScaling());
    if (!sameScaling(target.scaling(), wanted)) {
      if (target.isAvailable()) {
        ctx.clusters().modifyCluster(target.identifier(), scalingOnly(wanted));
        ctx.clusters().refresh(target.identifier());
      }
      return StepResult.waiting("setting Serverless v2 scaling " + wanted.min() + "–" + wanted.max() + " ACU", AwsPoll.next(ctx));
    }
    Set<String> existing = TargetInstances.existing(ctx);
    Set<String> serverless = new LinkedHashSet<>();
    for (TargetInstances.Wanted w : TargetInstances.serverless(ctx)) {
      serverless.add(w.identifier());
      if (!existing.contains(w.identifier())) {
        // Created after the upgrade, so the last upgrade did not give it the spec's DB parameter group.
        TargetInstances.create(ctx, w.identifier(), TargetInstances.SERVERLESS, w.promotionTier(),
            TargetInstances.instanceParameterGroup(ctx, target.engineVersion()));
        ctx.clusters().refresh(target.identifier());
      }
    }
    if (!TargetInstances.allAvailable(ctx, serverless)) {
      return StepResult.waiting("waiting for db.serverless instances " + String.join(", ", serverless), AwsPoll.next(ctx));
    }
    String upgradeWriter = TargetInstances.upgradeWriter(ctx);
    if (existing.contains(upgradeWriter)) {
      // Deleting the provisioned writer fails the cluster over to a db.serverless instance.
      if (ctx.clusters().findInstances(target.identifier()).stream()
          .anyMatch(i -> i.identifier().equals(upgradeWriter) && i.isAvailable())) {
        ctx.clusters().deleteInstance(upgradeWriter);
      }
      ctx.clusters().refresh(target.identifier());
      return StepResult.waiting("removing the temporary writer " + upgradeWriter, AwsPoll.next(ctx));
    }
    ctx.status().getTarget().setInstances(List.copyOf(serverless));
    return StepResult.done("Serverless v2: " + wanted.min() + "–" + wanted.max() + " ACU on " + String.join(", ", serverless));
  }

  @Override
  public List<String> plan(MigrationContext ctx) {
    return List.of(
        "rds:ModifyDBCluster " + ctx.names().targetCluster() + " ServerlessV2ScalingConfiguration (if not set at restore)",
        "rds:CreateDBInstance db.serverless for each missing target instance",
        "rds:DeleteDBInstance " + TargetInstances.upgradeWriter(ctx) + " (only if it was needed)");
  }

  private static boolean sameScaling(Capacity actual, Capacity wanted) {
    return actual != null
        && Objects.equals(actual.min(), wanted.min())
        && Objects.equals(actual.max(), wanted.max());
  }

  private static ClusterChanges scalingOnly(Capacity capacity) {
    return new ClusterChanges(capacity, null, null, null, null, null, null, null, null, false, null, null, null);
  }

}
