package dev.dbops.aurora.migration;

import dev.dbops.aurora.aws.AuroraCluster;
import dev.dbops.aurora.aws.AuroraInstance;
import dev.dbops.aurora.model.migration.ReadOnlyWindowStatus;
import dev.dbops.aurora.model.migration.RollbackStatus;
import dev.dbops.aurora.model.migration.TargetDisposition;
import dev.dbops.aurora.migration.steps.PostUpgradeStep;
import dev.dbops.aurora.migration.steps.VerifyStep;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Undoes a migration that has not cut over: the source takes writes again, and the target is kept for
 * inspection or deleted after a final snapshot, as the spec says. Each action is recorded in
 * status.rollback.actions once done, so an interrupted rollback resumes without repeating itself. The
 * source snapshot is always kept.
 */
public final class Rollback {
  static final String SOURCE_WRITABLE = "source writable again: ";
  static final String TARGET_KEPT = "target kept: ";
  static final String TARGET_DELETED = "target deleted: ";

  /** Returns when to look again while the target is being deleted; empty once the rollback is complete. */
  public Optional<Duration> run(MigrationContext ctx, MigrationStatusWriter writer) {
    RollbackStatus rollback = ctx.status().getRollback();
    ctx.sqlTasks().cancel(ctx.taskKey(PostUpgradeStep.NAME));
    ctx.sqlTasks().cancel(ctx.taskKey(VerifyStep.NAME));

    ReadOnlyWindowStatus window = ctx.status().getReadOnlyWindow();
    if (window != null && window.getStartedAt() != null && !done(rollback, SOURCE_WRITABLE)) {
      // Only what the operator set: a database that was read-only before the migration stays so.
      List<String> databases = window.getSwitchedDatabases() == null ? ctx.databases() : window.getSwitchedDatabases();
      if (!databases.isEmpty()) {
        ctx.sourceDatabase().setReadOnly(databases, false);
      }
      rollback.getActions().add(SOURCE_WRITABLE
          + (databases.isEmpty() ? "(the operator had switched no database)" : String.join(", ", databases)));
      window.setEndedAt(ctx.now().toString());
      writer.refreshReadOnlyDuration(ctx.migration(), ctx.now());
    }

    Optional<Duration> targetPending = disposeOfTarget(ctx, rollback);
    if (targetPending.isPresent()) {
      writer.rollingBack(ctx.migration(), "RollingBack", "rolling back: deleting target " + ctx.names().targetCluster()
          + " after final snapshot " + ctx.names().targetFinalSnapshot());
      return targetPending;
    }
    rollback.setFinishedAt(ctx.now().toString());
    String snapshot = ctx.status().getSnapshot() == null ? null : ctx.status().getSnapshot().getIdentifier();
    writer.rolledBack(
        ctx.migration(),
        "RolledBack",
        "rolled back (" + rollback.getReason() + "): " + String.join("; ", rollback.getActions())
            + (snapshot == null ? "" : "; source snapshot " + snapshot + " kept")
            + ". To retry: fix the cause, delete this AuroraMigration and apply it again.");
    return Optional.empty();
  }

  private static Optional<Duration> disposeOfTarget(MigrationContext ctx, RollbackStatus rollback) {
    if (done(rollback, TARGET_KEPT) || done(rollback, TARGET_DELETED)) {
      return Optional.empty();
    }
    String targetId = ctx.names().targetCluster();
    Optional<AuroraCluster> target =
        ctx.targetCluster().filter(t -> ctx.names().ownerTagValue().equals(t.tags().get(MigrationNames.OWNER_TAG)));
    TargetDisposition disposition =
        ctx.spec().getRollback() == null || ctx.spec().getRollback().getTargetCluster() == null
            ? TargetDisposition.Keep
            : ctx.spec().getRollback().getTargetCluster();
    if (target.isEmpty()) {
      if (disposition == TargetDisposition.Delete && ctx.status().getTarget() != null) {
        rollback.getActions().add(TARGET_DELETED + targetId + " after final snapshot " + ctx.names().targetFinalSnapshot());
      }
      return Optional.empty();
    }
    if (disposition == TargetDisposition.Keep) {
      rollback.getActions().add(TARGET_KEPT + targetId + " (delete it by hand, or set rollback.targetCluster: Delete)");
      return Optional.empty();
    }
    AuroraCluster cluster = target.get();
    List<AuroraInstance> instances = ctx.clusters().findInstances(targetId);
    for (AuroraInstance instance : instances) {
      if (!"deleting".equals(instance.status())) {
        ctx.clusters().deleteInstance(instance.identifier());
      }
    }
    if (instances.isEmpty() && !"deleting".equals(cluster.status())) {
      ctx.clusters().deleteCluster(targetId, Optional.of(ctx.names().targetFinalSnapshot()));
    }
    ctx.clusters().refresh(targetId);
    return Optional.of(ctx.timings().awsPoll());
  }

  private static boolean done(RollbackStatus rollback, String prefix) {
    return rollback.getActions().stream().anyMatch(a -> a.startsWith(prefix));
  }
}
