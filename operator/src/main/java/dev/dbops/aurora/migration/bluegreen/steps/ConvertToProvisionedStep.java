package dev.dbops.aurora.migration.bluegreen.steps;

import dev.dbops.aurora.aws.AuroraCluster;
import dev.dbops.aurora.aws.AuroraInstance;
import dev.dbops.aurora.migration.AwsPoll;
import dev.dbops.aurora.migration.MigrationContext;
import dev.dbops.aurora.migration.MigrationStep;
import dev.dbops.aurora.migration.StepResult;
import dev.dbops.aurora.model.migration.BlueGreenStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * RDS cannot make a Blue/Green deployment of an Aurora Serverless v1 cluster, so a v1 source is first converted in
 * place to a provisioned cluster (ModifyDBCluster EngineMode=provisioned, AllowEngineModeChange). It is one-way and
 * fails the writer over to an instance of the chosen class: about 30 seconds of downtime (Aurora User Guide,
 * "Upgrading from Aurora Serverless v1 to v2"), recorded in status.blueGreen.
 */
public final class ConvertToProvisionedStep implements MigrationStep {
  public static final String NAME = "ConvertToProvisioned";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public StepResult run(MigrationContext ctx) {
    BlueGreenStatus status = BlueGreenState.status(ctx);
    AuroraCluster blue = BlueGreenState.blue(ctx);
    String instanceClass = ctx.spec().blueGreenOrDefault().conversionInstanceClassOrDefault();
    if (status.getConversionStartedAt() == null) {
      if (!blue.isServerlessV1()) {
        return StepResult.skipped("source " + blue.identifier() + " is " + blue.engineMode() + ", not Serverless v1: no conversion");
      }
      // Recorded (and persisted by this wait) before the call: the downtime starts with it.
      status.setConversionStartedAt(ctx.now().toString());
      status.setConversionInstanceClass(instanceClass);
      return StepResult.waiting("converting " + blue.identifier() + " to provisioned (" + instanceClass + ")", ctx.timings().nextStep());
    }
    if (blue.isServerlessV1()) {
      if (blue.isAvailable()) {
        ctx.clusters().convertToProvisioned(blue.identifier(), status.getConversionInstanceClass());
        ctx.clusters().refresh(blue.identifier());
      }
      return StepResult.waiting("converting " + blue.identifier() + " to provisioned: " + blue.status(), AwsPoll.next(ctx));
    }
    List<AuroraInstance> instances = ctx.clusters().findInstances(blue.identifier());
    if (!blue.isAvailable() || instances.isEmpty() || !instances.stream().allMatch(AuroraInstance::isAvailable)) {
      return StepResult.waiting("waiting for the converted " + blue.identifier() + " and its writer", AwsPoll.next(ctx));
    }
    if (status.getConversionCompletedAt() == null) {
      status.setConversionCompletedAt(ctx.now().toString());
    }
    long seconds = Duration.between(Instant.parse(status.getConversionStartedAt()), Instant.parse(status.getConversionCompletedAt())).toSeconds();
    return StepResult.done("converted " + blue.identifier() + " to provisioned (" + status.getConversionInstanceClass()
        + ", writer " + instances.get(0).identifier() + "); the failover fell within " + seconds + " s of the request");
  }

  @Override
  public List<String> plan(MigrationContext ctx) {
    return List.of("rds:ModifyDBCluster " + ctx.names().sourceCluster() + " EngineMode=provisioned AllowEngineModeChange=true"
        + " DBClusterInstanceClass=" + ctx.spec().blueGreenOrDefault().conversionInstanceClassOrDefault()
        + " ApplyImmediately (Serverless v1 sources only; one-way; PLANNED DOWNTIME: a failover of about 30 s)");
  }
}
