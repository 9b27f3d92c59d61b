package dev.dbops.aurora.migration.bluegreen.steps;

import dev.dbops.aurora.aws.AuroraCluster;
import dev.dbops.aurora.aws.AuroraInstance;
import dev.dbops.aurora.aws.AwsErrorKind;
import dev.dbops.aurora.aws.AwsException;
import dev.dbops.aurora.aws.Capacity;
import dev.dbops.aurora.aws.ClusterChanges;
import dev.dbops.aurora.aws.NewInstance;
import dev.dbops.aurora.migration.AwsPoll;
import dev.dbops.aurora.migration.MigrationContext;
import dev.dbops.aurora.migration.MigrationNames;
import dev.dbops.aurora.migration.MigrationStep;
import dev.dbops.aurora.migration.StepResult;
import dev.dbops.aurora.migration.steps.Capacities;
import dev.dbops.aurora.migration.steps.Tags;
import dev.dbops.aurora.model.migration.BlueGreenStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Objects;

/**
 * Green is built as a copy of blue's provisioned instances. Before switchover it becomes Serverless v2 (AWS's
 * minimal-downtime procedure): the scaling range is set, a db.serverless instance is added for each of green's
 * instances, and then green's provisioned instances are deleted, which fails green's writer over to a db.serverless
 * one. Only instances of the green cluster are touched, and only while the deployment has not switched over: green
 * takes no application traffic yet.
 */
public final class GreenServerlessStep implements MigrationStep {
  public static final String NAME = "GreenServerless";
  static final String SERVERLESS = "db.serverless";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public StepResult run(MigrationContext ctx) {
    BlueGreenStatus status = BlueGreenState.status(ctx);
    AuroraCluster green = ctx.targetCluster().orElseThrow(() -> new IllegalStateException("green cluster "
        + status.getGreenClusterId() + " not found"));
    Optional<dev.dbops.aurora.aws.BlueGreenDeployment> deployment = BlueGreenState.deployment(ctx);
    if (deployment.isEmpty()) {
      return BlueGreenState.deploymentGone(ctx);
    }
    if (deployment.get().isSwitchedOver()) {
      return StepResult.failed("SwitchedOverOutsideTheOperator", "deployment " + deployment.get().identifier()
          + " was switched over before green became Serverless v2; green serves the applications on provisioned instances");
    }
    Capacity wanted = Capacities.of(ctx.spec().getTarget().getScaling());
    if (green.scaling() == null || !Objects.equals(green.scaling().min(), wanted.min())
        || !Objects.equals(green.scaling().max(), wanted.max())) {
      if (green.isAvailable()) {
        ctx.clusters().modifyCluster(green.identifier(),
            new ClusterChanges(wanted, null, null, null, null, null, null, null, null, false, null, null, null));
        ctx.clusters().refresh(green.identifier());
      }
      return StepResult.waiting("setting Serverless v2 scaling " + wanted.min() + "–" + wanted.max() + " ACU on green", AwsPoll.next(ctx));
    }
    List<AuroraInstance> instances = ctx.clusters().findInstances(green.identifier());
    List<AuroraInstance> provisioned = instances.stream().filter(i -> !SERVERLESS.equals(i.instanceClass())).toList();
    if (status.getGreenServerlessInstances().isEmpty()) {
      // Names recorded (and persisted by this wait) before any create: one db.serverless per green instance.
      int count = Math.max(1, provisioned.size());
      for (int i = 0; i < count; i++) {
        status.getGreenServerlessInstances().add(ctx.names().greenServerlessInstance(i));
      }
      return StepResult.waiting("adding db.serverless instances to green", ctx.timings().nextStep());
    }
    List<String> ours = status.getGreenServerlessInstances();
    for (int i = 0; i < ours.size(); i++) {
      String id = ours.get(i);
      if (instances.stream().noneMatch(x -> x.identifier().equals(id))) {
        create(ctx, green.identifier(), id, i);
        ctx.clusters().refresh(green.identifier());
      }
    }
    List<AuroraInstance> current = ctx.clusters().findInstances(green.identifier());
    boolean oursAvailable = ours.stream().allMatch(id -> current.stream().anyMatch(x -> x.identifier().equals(id) && x.isAvailable()));
    if (!oursAvailable) {
      return StepResult.waiting("waiting for db.serverless instances " + String.join(", ", ours) + " on green", AwsPoll.next(ctx));
    }
    List<AuroraInstance> left = current.stream().filter(i -> !ours.contains(i.identifier())).toList();
    if (!left.isEmpty()) {
      for (AuroraInstance i : left) {
        if (i.isAvailable()) {
          ctx.clusters().deleteInstance(i.identifier());
        }
      }
      ctx.clusters().refresh(green.identifier());
      return StepResult.waiting("removing green's provisioned instances "
          + String.join(", ", left.stream().map(AuroraInstance::identifier).toList()), AwsPoll.next(ctx));
    }
    BlueGreenState.recordTarget(ctx);
    return StepResult.done("green is Serverless v2: " + wanted.min() + "–" + wanted.max() + " ACU on " + String.join(", ", ours));
  }

  private static void create(MigrationContext ctx, String cluster, String id, int index) {
    try {
      ctx.clusters().createInstance(new NewInstance(id, cluster, "aurora-postgresql", SERVERLESS, index == 0 ? 0 : 1,
          false, null, null, null, false, Tags.of(ctx, Map.of(MigrationNames.OWNER_TAG, ctx.names().ownerTagValue()))));
    } catch (AwsException e) {
      if (e.kind() != AwsErrorKind.ALREADY_EXISTS) {
        throw e;
      }
    }
  }

  @Override
  public List<String> plan(MigrationContext ctx) {
    return List.of(
        "rds:ModifyDBCluster <green> ServerlessV2ScalingConfiguration",
        "rds:CreateDBInstance " + ctx.names().greenServerlessInstance(0) + " db.serverless (one per green instance)",
        "rds:DeleteDBInstance of green's provisioned instances (green fails over to db.serverless; green takes no traffic yet)");
  }
}
