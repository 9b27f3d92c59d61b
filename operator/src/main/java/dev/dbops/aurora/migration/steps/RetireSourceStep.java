package dev.dbops.aurora.migration.steps;

import dev.dbops.aurora.aws.AuroraCluster;
import dev.dbops.aurora.aws.AuroraInstance;
import dev.dbops.aurora.migration.MigrationContext;
import dev.dbops.aurora.migration.MigrationStep;
import dev.dbops.aurora.migration.StepResult;
import dev.dbops.aurora.model.migration.MigrationStrategy;
import dev.dbops.aurora.model.migration.RetirementAction;
import dev.dbops.aurora.model.migration.SourceRetirementSpec;
import dev.dbops.aurora.model.migration.SourceRetirementStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * After cutover: keep the source (read-only), stop it, or delete it. Deletion waits the configured delay
 * and always goes through a final snapshot, so nothing is lost even then. A stopped source does not stay
 * stopped (AWS starts it after seven days): the finished migration keeps it stopped (StoppedSource).
 */
public final class RetireSourceStep implements MigrationStep {
  public static final String NAME = "RetireSource";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public StepResult run(MigrationContext ctx) {
    SourceRetirementSpec spec = ctx.spec().getSourceRetirement();
    RetirementAction action = spec == null || spec.getAction() == null ? RetirementAction.Keep : spec.getAction();
    Optional<AuroraCluster> source = ctx.sourceCluster();
    return switch (action) {
      case Keep -> StepResult.done("source " + source.map(AuroraCluster::identifier).orElse(ctx.names().sourceCluster()) + " kept"
          + (ctx.status().getBlueGreen() != null && ctx.status().getBlueGreen().getSwitchoverCompletedAt() != null ? " (old blue)" : ", read-only"));
      case Stop -> stop(ctx, source);
      case Delete -> delete(ctx, source, spec.getDelayMinutes() == null ? 0 : spec.getDelayMinutes());
    };
  }

  @Override
  public List<String> plan(MigrationContext ctx) {
    SourceRetirementSpec spec = ctx.spec().getSourceRetirement();
    RetirementAction action = spec == null || spec.getAction() == null ? RetirementAction.Keep : spec.getAction();
    boolean blueGreen = ctx.strategy() == MigrationStrategy.BlueGreen;
    // After a Blue/Green switchover the source's name is green's; the retired cluster is old blue, renamed by RDS.
    String retired = blueGreen ? ctx.names().sourceCluster() + "-old1 (old blue)" : ctx.names().sourceCluster();
    return switch (action) {
      case Keep -> List.of("keep " + retired + (blueGreen ? "" : " read-only"));
      case Stop -> List.of("rds:StopDBCluster " + retired);
      case Delete -> List.of(
          "wait " + (spec.getDelayMinutes() == null ? 0 : spec.getDelayMinutes()) + " min after cutover",
          "rds:DeleteDBInstance each source instance",
          "rds:DeleteDBCluster " + retired + " FinalDBSnapshotIdentifier=" + ctx.names().sourceFinalSnapshot());
    };
  }

  private static StepResult stop(MigrationContext ctx, Optional<AuroraCluster> source) {
    if (source.isEmpty()) {
      return StepResult.done("source no longer exists");
    }
    AuroraCluster cluster = source.get();
    if (cluster.isServerlessV1()) {
      // RDS cannot stop a Serverless v1 cluster; it scales to zero when idle, which a read-only source soon is.
      return StepResult.done("source is Serverless v1, which cannot be stopped; kept read-only");
    }
    if ("stopped".equals(cluster.status())) {
      SourceRetirementStatus retirement =
          ctx.status().getSourceRetirement() == null ? new SourceRetirementStatus() : ctx.status().getSourceRetirement();
      retirement.setStoppedAt(ctx.now().toString());
      ctx.status().setSourceRetirement(retirement);
      return StepResult.done("source stopped; AWS starts a stopped cluster again after 7 days, so the operator looks"
          + " every hour and stops it again while sourceRetirement.action is Stop (status.sourceRetirement);"
          + " to retire it for good, use action Delete, which deletes it after a final snapshot");
    }
    if (cluster.isAvailable()) {
      ctx.clusters().stopCluster(cluster.identifier());
      ctx.clusters().refresh(cluster.identifier());
    }
    return StepResult.waiting("stopping source (" + cluster.status() + ")", ctx.timings().awsPoll());
  }

  private static StepResult delete(MigrationContext ctx, Optional<AuroraCluster> source, int delayMinutes) {
    String finalSnapshot = ctx.names().sourceFinalSnapshot();
    if (source.isEmpty()) {
      return StepResult.done("source deleted; final snapshot " + finalSnapshot, Map.of("finalSnapshot", finalSnapshot));
    }
    Instant due = cutoverTime(ctx).plus(Duration.ofMinutes(delayMinutes));
    if (ctx.now().isBefore(due)) {
      return StepResult.waiting("source will be deleted at " + due + " after a final snapshot", Duration.between(ctx.now(), due));
    }
    AuroraCluster cluster = source.get();
    if (cluster.deletionProtection()) {
      return StepResult.failed(
          "SourceDeletionProtected",
          "source " + cluster.identifier() + " has deletion protection; turn it off to let the migration delete it,"
              + " or set sourceRetirement.action: Keep");
    }
    List<AuroraInstance> instances = ctx.clusters().findInstances(cluster.identifier());
    for (AuroraInstance instance : instances) {
      if (!"deleting".equals(instance.status())) {
        ctx.clusters().deleteInstance(instance.identifier());
      }
    }
    if (instances.isEmpty() && !"deleting".equals(cluster.status())) {
      ctx.clusters().deleteCluster(cluster.identifier(), Optional.of(finalSnapshot));
    }
    ctx.clusters().refresh(cluster.identifier());
    return StepResult.waiting("deleting source after final snapshot " + finalSnapshot, ctx.timings().awsPoll(),
        Map.of("finalSnapshot", finalSnapshot));
  }

  private static Instant cutoverTime(MigrationContext ctx) {
    var blueGreen = ctx.status().getBlueGreen();
    if (blueGreen != null && blueGreen.getSwitchoverCompletedAt() != null) {
      return Instant.parse(blueGreen.getSwitchoverCompletedAt());
    }
    var window = ctx.status().getReadOnlyWindow();
    return window != null && window.getEndedAt() != null ? Instant.parse(window.getEndedAt()) : ctx.now();
  }
}
