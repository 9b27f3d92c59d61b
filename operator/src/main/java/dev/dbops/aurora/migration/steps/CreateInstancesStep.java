package dev.dbops.aurora.migration.steps;

import dev.dbops.aurora.aws.AuroraCluster;
import dev.dbops.aurora.migration.AwsPoll;
import dev.dbops.aurora.migration.MigrationContext;
import dev.dbops.aurora.migration.MigrationStep;
import dev.dbops.aurora.migration.ServerlessV2Support;
import dev.dbops.aurora.migration.StepResult;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Gives the restored cluster its instances. On a version with Serverless v2 these are the db.serverless
 * writer and readers; on an older one, or when the source is Aurora Serverless v1 (AWS: the first instance of
 * a converted cluster must be provisioned), a single provisioned writer, replaced after the upgrade.
 */
public final class CreateInstancesStep implements MigrationStep {
  public static final String NAME = "CreateInstances";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public StepResult run(MigrationContext ctx) {
    AuroraCluster target = ctx.targetCluster().orElseThrow(() -> new IllegalStateException("target cluster vanished"));
    Set<String> existing = TargetInstances.existing(ctx);
    Set<String> wanted = new LinkedHashSet<>();
    if (TargetInstances.serverlessFromTheStart(ctx, target.engineVersion())) {
      for (TargetInstances.Wanted w : TargetInstances.serverless(ctx)) {
        wanted.add(w.identifier());
        if (!existing.contains(w.identifier())) {
          TargetInstances.create(ctx, w.identifier(), TargetInstances.SERVERLESS, w.promotionTier(),
              TargetInstances.instanceParameterGroup(ctx, target.engineVersion()));
        }
      }
    } else {
      String writer = TargetInstances.upgradeWriter(ctx);
      wanted.add(writer);
      if (!existing.contains(writer)) {
        TargetInstances.create(ctx, writer, ServerlessV2Support.UPGRADE_INSTANCE_CLASS, 0,
            TargetInstances.instanceParameterGroup(ctx, target.engineVersion()));
      }
    }
    ctx.clusters().refresh(ctx.names().targetCluster());
    if (!TargetInstances.allAvailable(ctx, wanted)) {
      return StepResult.waiting("waiting for instances " + String.join(", ", wanted), AwsPoll.next(ctx));
    }
    ctx.status().getTarget().setInstances(List.copyOf(wanted));
    return StepResult.done("instances available: " + String.join(", ", wanted));
  }

  @Override
  public List<String> plan(MigrationContext ctx) {
    String version = ctx.status().getSource() == null ? null : ctx.status().getSource().getEngineVersion();
    if (version != null && !TargetInstances.serverlessFromTheStart(ctx, version)) {
      String why = ServerlessV2Support.supports(version)
          ? "a cluster restored from Aurora Serverless v1 starts with a provisioned writer"
          : version + " has no Serverless v2";
      return List.of(
          "rds:CreateDBInstance " + TargetInstances.upgradeWriter(ctx) + " (" + ServerlessV2Support.UPGRADE_INSTANCE_CLASS
              + ", temporary: " + why + ")");
    }
    return TargetInstances.serverless(ctx).stream()
        .map(w -> "rds:CreateDBInstance " + w.identifier() + " (db.serverless)")
        .toList();
  }
}
