package dev.dbops.aurora.migration.bluegreen.steps;

import dev.dbops.aurora.aws.BlueGreenDeployment;
import dev.dbops.aurora.migration.AwsPoll;
import dev.dbops.aurora.migration.MigrationContext;
import dev.dbops.aurora.migration.MigrationStep;
import dev.dbops.aurora.migration.StepResult;
import dev.dbops.aurora.model.migration.BlueGreenStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Map;

/**
 * SwitchoverBlueGreenDeployment with spec.blueGreen.switchoverTimeoutSeconds. Writes are blocked from the request until
 * RDS has renamed the clusters; the request time is recorded before the call, the completion when it is seen, and
 * their difference is the write-blocked window in status (an upper bound: it includes the polling delay). The call is
 * made only while the deployment is AVAILABLE, so a restarted operator never switches over twice. A failed switchover
 * (RDS rolls everything back, e.g. on timeout) holds for a person.
 */
public final class SwitchoverStep implements MigrationStep {
  public static final String NAME = "Switchover";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public StepResult run(MigrationContext ctx) {
    BlueGreenStatus status = BlueGreenState.status(ctx);
    Optional<BlueGreenDeployment> found = BlueGreenState.deployment(ctx);
    if (found.isEmpty()) {
      return BlueGreenState.deploymentGone(ctx);
    }
    BlueGreenDeployment d = found.get();
    Duration timeout = Duration.ofSeconds(ctx.spec().blueGreenOrDefault().switchoverTimeoutOrDefault());
    if (status.getSwitchoverStartedAt() == null) {
      if (!d.isAvailable()) {
        return StepResult.waiting("deployment " + d.identifier() + " is " + d.status() + "; switching over once AVAILABLE", AwsPoll.next(ctx));
      }
      status.setSwitchoverStartedAt(ctx.now().toString());
      return StepResult.waiting("switching over " + d.identifier() + " (timeout " + timeout.toSeconds() + " s)", ctx.timings().nextStep());
    }
    if (d.isAvailable() && status.getSwitchoverCompletedAt() == null) {
      // Started (recorded) but RDS still says AVAILABLE: the request was not made, or its record was lost before RDS
      // changed state. Request time is now: the window starts when writes start to be blocked.
      status.setSwitchoverStartedAt(ctx.now().toString());
      BlueGreenDeployment after = ctx.clusters().switchoverBlueGreenDeployment(d.identifier(), timeout);
      return StepResult.waiting("switchover " + after.status(), ctx.timings().awsPollMin());
    }
    if ("SWITCHOVER_IN_PROGRESS".equals(d.status())) {
      return StepResult.waiting("switchover in progress: writes are blocked", ctx.timings().awsPollMin());
    }
    if (d.isSwitchedOver()) {
      BlueGreenState.record(ctx, d);
      String source = ctx.names().sourceCluster();
      if (source.equals(status.getBlueClusterId())) {
        // The deployment still names blue by its old ARN: RDS's documented renames then say where each went
        // (Aurora User Guide, "Switching a blue/green deployment": blue gets -old1, green takes blue's names).
        status.setBlueClusterId(source + "-old1");
        status.setGreenClusterId(source);
      }
      BlueGreenState.recordTarget(ctx);
      if (status.getSwitchoverCompletedAt() == null) {
        status.setSwitchoverCompletedAt(ctx.now().toString());
      }
      double window = Duration.between(Instant.parse(status.getSwitchoverStartedAt()),
          Instant.parse(status.getSwitchoverCompletedAt())).toMillis() / 1000.0;
      status.setWriteBlockedSeconds(window);
      return StepResult.done("switched over: " + status.getGreenClusterId() + " serves the source's endpoints, old blue is "
          + status.getBlueClusterId() + "; writes were blocked for at most " + window + " s",
          Map.of("oldBlueCluster", status.getBlueClusterId()));
    }
    return StepResult.held("SwitchoverFailed", "switchover of " + d.identifier() + " ended " + d.status()
        + (d.statusDetails() == null ? "" : " (" + d.statusDetails() + ")") + "; RDS rolled it back and blue still serves"
        + " the applications. Look at the deployment's events, then roll back (spec.rollback.requested: true) or fix the"
        + " cause and delete/recreate this AuroraMigration; a longer spec.blueGreen.switchoverTimeoutSeconds helps with a"
        + " timeout");
  }

  @Override
  public List<String> plan(MigrationContext ctx) {
    return List.of("rds:SwitchoverBlueGreenDeployment " + ctx.names().blueGreenDeployment() + " SwitchoverTimeout="
        + ctx.spec().blueGreenOrDefault().switchoverTimeoutOrDefault() + " (PLANNED DOWNTIME: writes blocked until RDS"
        + " renames the clusters, usually under a minute; RDS rolls back on timeout)",
        "rds:DescribeBlueGreenDeployments until SWITCHOVER_COMPLETED; status.blueGreen.writeBlockedSeconds");
  }
}
