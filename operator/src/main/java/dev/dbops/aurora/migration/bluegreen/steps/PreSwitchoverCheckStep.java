package dev.dbops.aurora.migration.bluegreen.steps;

import dev.dbops.aurora.aws.AuroraCluster;
import dev.dbops.aurora.aws.AuroraInstance;
import dev.dbops.aurora.aws.BlueGreenDeployment;
import dev.dbops.aurora.migration.AwsPoll;
import dev.dbops.aurora.migration.BlueGreenSql;
import dev.dbops.aurora.migration.MigrationContext;
import dev.dbops.aurora.migration.MigrationStep;
import dev.dbops.aurora.migration.StepResult;
import dev.dbops.aurora.postgres.DriftFinding;
import dev.dbops.aurora.postgres.ReplicationLag;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Before the approval and the switchover: the deployment is AVAILABLE, green and all its instances are available,
 * green's schema matches blue's (DDL is not replicated), and green's replication lag is within
 * spec.blueGreen.maxReplicationLagSeconds. A lag above it waits; drift holds for a person.
 */
public final class PreSwitchoverCheckStep implements MigrationStep {
  public static final String NAME = "PreSwitchoverChecks";

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
    if (!d.isAvailable()) {
      return StepResult.waiting("deployment " + d.identifier() + " is " + d.status(), AwsPoll.next(ctx));
    }
    Optional<AuroraCluster> green = ctx.targetCluster();
    if (green.isEmpty() || !green.get().isAvailable()
        || !ctx.clusters().findInstances(green.get().identifier()).stream().allMatch(AuroraInstance::isAvailable)) {
      return StepResult.waiting("waiting for green and its instances to be available", AwsPoll.next(ctx));
    }
    Optional<BlueGreenSql> sql = ctx.blueGreenSql();
    if (sql.isEmpty()) {
      return StepResult.failed("NoSqlAccess", "the operator cannot reach the databases, so it cannot check green's schema"
          + " and replication lag before switchover");
    }
    List<DriftFinding> drift = sql.get().drift().between(ctx.sourceDatabase(), ctx.targetDatabase(), ctx.databases());
    if (!drift.isEmpty()) {
      return StepResult.held("SchemaDrift", drift.size() + " schema difference(s) between blue and green (DDL is not"
          + " replicated): " + String.join("; ", drift.stream().limit(5).map(DriftFinding::message).toList())
          + ". Make the schemas equal (run the same DDL on green), or roll back (spec.rollback.requested: true)");
    }
    int max = ctx.spec().blueGreenOrDefault().maxReplicationLagOrDefault();
    // Waits at most a little longer than the maximum: a green that confirms within it is within it.
    Optional<ReplicationLag.Lag> lag = sql.get().lag().behind(ctx.sourceDatabase(), ctx.connectionDatabase(), Duration.ofSeconds(max).plusMillis(500));
    if (lag.isEmpty()) {
      return StepResult.waiting("no logical replication connection from green seen on blue yet", AwsPoll.next(ctx));
    }
    ctx.status().blueGreen().setReplicationLagCheckedAt(ctx.now().toString());
    if (lag.get().seconds() > max) {
      ctx.status().blueGreen().setReplicationLagSeconds(lag.get().seconds());
      return StepResult.waiting("green is behind blue (" + lag.get().bytes() + " bytes of WAL, not confirmed within "
          + String.format(java.util.Locale.ROOT, "%.1f", lag.get().seconds()) + " s, max " + max + " s)", ctx.timings().sqlPoll());
    }
    ctx.status().blueGreen().setReplicationLagSeconds(lag.get().seconds());
    return StepResult.done("green healthy, schemas equal, replication lag " + lag.get().seconds() + " s (max " + max + " s)");
  }

  @Override
  public List<String> plan(MigrationContext ctx) {
    return List.of(
        "rds:DescribeBlueGreenDeployments (AVAILABLE), DescribeDBClusters/DescribeDBInstances of green (available)",
        "sql (blue and green): compare user schemas (DDL is not replicated); hold on any difference",
        "sql (blue): blue's WAL position, then the logical slots' confirmed position until they pass it: lag ≤ " + ctx.spec().blueGreenOrDefault().maxReplicationLagOrDefault() + " s");
  }
}
