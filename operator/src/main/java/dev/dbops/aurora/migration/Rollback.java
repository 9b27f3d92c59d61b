package dev.dbops.aurora.migration;

import dev.dbops.aurora.aws.AuroraCluster;
import dev.dbops.aurora.aws.AuroraInstance;
import dev.dbops.aurora.aws.ClusterChanges;
import dev.dbops.aurora.aws.MonitoringApi;
import dev.dbops.aurora.model.MonitoringStatus;
import dev.dbops.aurora.model.migration.CarriedParameterGroup;
import dev.dbops.aurora.model.migration.ParameterGroupsStatus;
import dev.dbops.aurora.model.migration.ReadOnlyWindowStatus;
import dev.dbops.aurora.model.migration.RollbackStatus;
import dev.dbops.aurora.model.migration.TargetDisposition;
import dev.dbops.aurora.migration.steps.MonitoringStep;
import dev.dbops.aurora.migration.steps.PostUpgradeStep;
import dev.dbops.aurora.migration.steps.VerifyStep;
import dev.dbops.aurora.monitoring.CloudWatchMonitoring;
import dev.dbops.aurora.monitoring.MonitoringNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Undoes a migration that has not cut over: the source takes writes again, and the target is kept for
 * inspection or deleted after a final snapshot, as the spec says. Each action is recorded in
 * status.rollback.actions once done, so an interrupted rollback resumes without repeating itself. The
 * source snapshot is always kept. A target with deletion protection is deleted only if this migration's
 * restore set that protection (status.target.deletionProtectionSetByRestore); otherwise it is kept, whole,
 * and the rollback ends saying what a person must run. The CloudWatch alarms and dashboard the Monitoring
 * step put on the target are deleted whatever happens to the target: a kept target is for inspection, and
 * alarms on it (or on a cluster being deleted) would page people for a database no app uses. The DB cluster
 * parameter groups the Upgrade step made for the target (status.parameterGroups.carried) go once a deleted
 * target is gone, since RDS refuses to delete a group a cluster still uses; with a kept target they stay.
 */
public final class Rollback {
  static final String SOURCE_WRITABLE = "source writable again: ";
  static final String TARGET_KEPT = "target kept: ";
  static final String TARGET_DELETED = "target deleted: ";
  static final String PROTECTION_LIFTED = "deletion protection lifted: ";
  static final String MONITORING_REMOVED = "monitoring removed: ";
  static final String PARAMETER_GROUPS_REMOVED = "parameter groups removed: ";
  static final String PARAMETER_GROUPS_KEPT = "parameter groups kept: ";

  private final CloudWatchMonitoring cloudWatch = new CloudWatchMonitoring();

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

    if (!done(rollback, MONITORING_REMOVED)) {
      removeMonitoring(ctx, rollback);
    }

    Optional<Duration> targetPending = disposeOfTarget(ctx, rollback);
    if (targetPending.isPresent()) {
      writer.rollingBack(ctx.migration(), "RollingBack", "rolling back: deleting target " + ctx.names().targetCluster()
          + " after final snapshot " + ctx.names().targetFinalSnapshot());
      return targetPending;
    }
    disposeOfParameterGroups(ctx, rollback);
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

  /**
   * Deletes exactly what {@link MonitoringStep} creates: the alarms under this migration's own prefix
   * (MonitoringNames.forMigration: "amig:" cannot occur in a DatabaseCluster's name, and the trailing '/'
   * keeps "orders" from matching "orders-2") and its dashboard. Looked up by name rather than taken from
   * status, so alarms written by a Monitoring step whose status patch was lost go too; deleting what is
   * already gone is a no-op, so a rollback cut off here simply does it again.
   */
  private void removeMonitoring(MigrationContext ctx, RollbackStatus rollback) {
    Optional<MonitoringApi> api = ctx.monitoring();
    if (ctx.spec().getMonitoring() == null || api.isEmpty()) {
      return; // the Monitoring step creates nothing then
    }
    MonitoringNames names = MonitoringStep.names(ctx);
    cloudWatch.remove(api.get(), names, ctx.region(), null);
    MonitoringStatus status = ctx.status().getMonitoring();
    if (status != null) {
      status.setAlarms(new ArrayList<>());
      status.setDashboardName(null);
      status.setDashboardUrl(null);
    }
    rollback.getActions().add(MONITORING_REMOVED + "CloudWatch alarms " + names.alarmPrefix() + "* and dashboard "
        + names.dashboard() + " of " + ctx.names().targetCluster());
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
      if (disposition == TargetDisposition.Delete && ctx.status().getTarget() != null
          && ctx.status().getTarget().getIdentifier() != null) {
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
    // Decided before any instance is deleted: RDS refuses DeleteDBCluster while the cluster is protected, and
    // a rollback that went ahead would leave an empty cluster behind.
    if (cluster.deletionProtection()) {
      Boolean setByRestore = ctx.status().getTarget() == null ? null : ctx.status().getTarget().getDeletionProtectionSetByRestore();
      if (!Boolean.TRUE.equals(setByRestore)) {
        rollback.getActions().add(TARGET_KEPT + targetId + " with its instances: "
            + (setByRestore == null
                ? "status cannot tell whether this migration set its deletion protection"
                : "its deletion protection was not set by this migration (its restore asked for none)")
            + ", so the operator does not lift it. To delete it: " + deleteByHand(ctx, instances));
        return Optional.empty();
      }
      // Look before acting: a ModifyDBCluster is refused while the cluster is busy, and one already sent
      // (its answer or record lost) shows as modifying.
      if (cluster.isAvailable()) {
        ctx.clusters().modifyCluster(targetId, ClusterChanges.deletionProtection(false));
        if (!done(rollback, PROTECTION_LIFTED)) {
          rollback.getActions().add(PROTECTION_LIFTED + targetId
              + " (set by this migration's restore from spec.target.deletionProtection)");
        }
      }
      ctx.clusters().refresh(targetId);
      return Optional.of(ctx.timings().awsPoll());
    }
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

  /**
   * Runs once the target's fate is recorded. After "target deleted" the target is gone (not merely deleting),
   * so no cluster of this migration still uses the groups; each is deleted only if it still exists in the
   * family it was made for, so a restart after a lost status patch deletes nothing twice, and a group of that
   * name someone made in another family is left alone. A group RDS still finds in use (INVALID_STATE) stops
   * the rollback here and is tried again on the next look; the action is recorded once all are gone.
   */
  private static void disposeOfParameterGroups(MigrationContext ctx, RollbackStatus rollback) {
    List<CarriedParameterGroup> groups = carriedGroups(ctx);
    if (groups.isEmpty() || done(rollback, PARAMETER_GROUPS_REMOVED) || done(rollback, PARAMETER_GROUPS_KEPT)) {
      return;
    }
    List<String> names = groups.stream().map(CarriedParameterGroup::getGroup).toList();
    if (done(rollback, TARGET_KEPT)) {
      rollback.getActions().add(PARAMETER_GROUPS_KEPT + String.join(", ", names) + " (made for the kept target;"
          + " delete them after it: aws rds delete-db-cluster-parameter-group --db-cluster-parameter-group-name <name>)");
      return;
    }
    if (!done(rollback, TARGET_DELETED)) {
      return; // no target was made, or one the spec keeps has vanished: not the rollback's to clean up after
    }
    List<String> leftAlone = new ArrayList<>();
    for (CarriedParameterGroup group : groups) {
      Optional<String> family = ctx.clusters().clusterParameterGroupFamily(group.getGroup());
      if (family.isEmpty()) {
        continue;
      }
      if (!family.get().equals(group.getFamily())) {
        leftAlone.add(group.getGroup() + " (family " + family.get() + ", not made by this migration)");
        continue;
      }
      ctx.clusters().deleteClusterParameterGroup(group.getGroup());
    }
    rollback.getActions().add(PARAMETER_GROUPS_REMOVED + String.join(", ", names) + " (made for the target)"
        + (leftAlone.isEmpty() ? "" : "; left alone: " + String.join(", ", leftAlone)));
  }

  /**
   * The groups in status.parameterGroups.carried whose names this migration derives
   * ({@link MigrationNames#carriedParameterGroup}). Never the source's group, a group the spec names or a
   * default.* group, whatever status holds: deleting one of those would break a cluster the operator does not own.
   */
  private static List<CarriedParameterGroup> carriedGroups(MigrationContext ctx) {
    ParameterGroupsStatus plan = ctx.status().getParameterGroups();
    if (plan == null || plan.getCarried() == null) {
      return List.of();
    }
    String specGroup = ctx.spec().getTarget() == null ? null : ctx.spec().getTarget().getClusterParameterGroupName();
    return plan.getCarried().stream()
        .filter(g -> g.getGroup() != null && g.getFamily() != null)
        .filter(g -> g.getGroup().equals(ctx.names().carriedParameterGroup(g.getFamily())))
        .filter(g -> !g.getGroup().startsWith("default."))
        .filter(g -> !g.getGroup().equalsIgnoreCase(plan.getSourceGroup()))
        .filter(g -> !g.getGroup().equalsIgnoreCase(specGroup))
        .toList();
  }

  /** The AWS CLI commands that delete the target as the rollback would have: instances, then the cluster. */
  private static String deleteByHand(MigrationContext ctx, List<AuroraInstance> instances) {
    String targetId = ctx.names().targetCluster();
    StringBuilder commands = new StringBuilder("aws rds modify-db-cluster --db-cluster-identifier " + targetId
        + " --no-deletion-protection --apply-immediately");
    for (AuroraInstance instance : instances) {
      commands.append("; aws rds delete-db-instance --db-instance-identifier ").append(instance.identifier());
    }
    return commands.append("; aws rds delete-db-cluster --db-cluster-identifier ").append(targetId)
        .append(" --final-db-snapshot-identifier ").append(ctx.names().targetFinalSnapshot()).toString();
  }

  private static boolean done(RollbackStatus rollback, String prefix) {
    return rollback.getActions().stream().anyMatch(a -> a.startsWith(prefix));
  }
}
