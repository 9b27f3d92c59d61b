package dev.dbops.aurora.migration;

import dev.dbops.aurora.aws.AwsException;
import dev.dbops.aurora.aws.AwsRegions;
import dev.dbops.aurora.cluster.ClusterEvents;
import dev.dbops.aurora.migration.steps.MonitoringStep;
import dev.dbops.aurora.model.MonitoringStatus;
import dev.dbops.aurora.monitoring.CloudWatchMonitoring;
import dev.dbops.aurora.model.migration.AuroraMigration;
import dev.dbops.aurora.model.migration.ReadOnlyWindowStatus;
import dev.dbops.aurora.postgres.DataComparison;
import dev.dbops.aurora.postgres.PostgresServers;
import dev.dbops.aurora.postgres.StatementChecks;
import dev.dbops.aurora.status.Conditions;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives each AuroraMigration along {@link MigrationWorkflow}: one step observation or action per
 * reconcile, status patched after each, and a reschedule instead of any blocking wait. Deleting a
 * migration that has made its source read-only, but not cut over, makes the source writable again;
 * nothing in AWS is deleted. Which updates wake it: {@link SpecOrRecheckChangeFilter}.
 */
@ControllerConfiguration(
    name = "auroramigration",
    generationAwareEventProcessing = false,
    informer = @Informer(onUpdateFilter = SpecOrRecheckChangeFilter.class))
public class AuroraMigrationReconciler implements Reconciler<AuroraMigration>, Cleaner<AuroraMigration> {
  private static final Logger log = LoggerFactory.getLogger(AuroraMigrationReconciler.class);

  private final AwsRegions regions;
  private final PostgresServers connector;
  private final DataComparison comparison;
  private final SqlTasks sqlTasks;
  private final MigrationTimings timings;
  private final Clock clock;
  private final MigrationWorkflow workflow;
  private final Conditions conditions;
  private final CloudWatchMonitoring targetMonitoring = new CloudWatchMonitoring();

  public AuroraMigrationReconciler(
      AwsRegions regions,
      PostgresServers connector,
      DataComparison comparison,
      UpgradePlanner upgradePlanner,
      SqlTasks sqlTasks,
      MigrationTimings timings,
      Clock clock) {
    this.regions = regions;
    this.connector = connector;
    this.comparison = comparison;
    this.sqlTasks = sqlTasks;
    this.timings = timings;
    this.clock = clock;
    this.conditions = new Conditions(clock);
    this.workflow =
        new MigrationWorkflow(MigrationWorkflow.strategies(upgradePlanner), new MigrationStatusWriter(conditions));
  }

  @Override
  public UpdateControl<AuroraMigration> reconcile(AuroraMigration migration, Context<AuroraMigration> context) {
    String before = migration.getStatus() == null ? null : migration.getStatus().getCurrentStep();
    StepEvents.Snapshot snapshot = StepEvents.Snapshot.of(migration.getStatus());
    MigrationContext ctx = contextFor(migration, context);
    Optional<Duration> next = workflow.advance(ctx);
    new StepEvents(new ClusterEvents(context.getClient())).record(migration, snapshot);
    String after = migration.getStatus().getCurrentStep();
    if (after != null && !after.equals(before)) {
      log.info("migration {}/{}: step {} ({})", migration.getMetadata().getNamespace(),
          migration.getMetadata().getName(), after, migration.getStatus().getPhase());
    }
    UpdateControl<AuroraMigration> control = UpdateControl.patchStatus(migration);
    next.ifPresent(d -> control.rescheduleAfter(Math.max(1, d.toMillis())));
    return control;
  }

  /**
   * Something the workflow did not expect (a bug, or AWS answering outside its contract): say so in the
   * Degraded condition; JOSDK retries with backoff, and the migration resumes from status.
   */
  @Override
  public ErrorStatusUpdateControl<AuroraMigration> updateErrorStatus(
      AuroraMigration migration, Context<AuroraMigration> context, Exception e) {
    if (migration.getStatus() == null) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    String message = e.getClass().getSimpleName() + ": " + e.getMessage();
    conditions.set(migration.getStatus().getConditions(), Conditions.DEGRADED, true, "ReconcileError", message,
        migration.getMetadata().getGeneration());
    return ErrorStatusUpdateControl.patchStatus(migration);
  }

  @Override
  public DeleteControl cleanup(AuroraMigration migration, Context<AuroraMigration> context) {
    if (migration.getStatus() == null) {
      return DeleteControl.defaultDelete();
    }
    MonitoringStatus monitoring = migration.getStatus().getMonitoring();
    if (monitoring != null && (!monitoring.getAlarms().isEmpty() || monitoring.getDashboardName() != null)) {
      // The target's alarms go with the migration, as a DatabaseCluster's go with it (docs/monitoring.md).
      MigrationContext ctx = contextFor(migration, context);
      try {
        targetMonitoring.remove(ctx.monitoring().orElseThrow(), MonitoringStep.names(ctx), ctx.region(), null);
        migration.getStatus().setMonitoring(null);
      } catch (AwsException e) {
        log.warn("migration {}/{}: target alarms not removed yet: {}", migration.getMetadata().getNamespace(),
            migration.getMetadata().getName(), e.getMessage());
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(timings.retryBackoff().toMillis());
      }
    }
    ReadOnlyWindowStatus window = migration.getStatus().getReadOnlyWindow();
    boolean sourceStillReadOnly = window != null && window.getStartedAt() != null && window.getEndedAt() == null;
    if (sourceStillReadOnly) {
      MigrationContext ctx = contextFor(migration, context);
      try {
        ctx.sourceDatabase().setReadOnly(ctx.databases(), false);
        log.info("migration {}/{} deleted before cutover: source {} is writable again",
            migration.getMetadata().getNamespace(), migration.getMetadata().getName(), ctx.names().sourceCluster());
      } catch (RuntimeException e) {
        // Keep the finalizer: letting the resource go would leave production read-only with nobody watching.
        log.warn("migration {}/{}: cannot make the source writable yet: {}", migration.getMetadata().getNamespace(),
            migration.getMetadata().getName(), e.getMessage());
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(timings.retryBackoff().toMillis());
      }
    }
    return DeleteControl.defaultDelete();
  }

  private MigrationContext contextFor(AuroraMigration migration, Context<AuroraMigration> context) {
    String region =
        migration.getSpec().getSource().getRegion() == null
            ? regions.defaultRegion()
            : migration.getSpec().getSource().getRegion();
    var client = context.getClient();
    return new MigrationContext(
        migration,
        region,
        regions.clusters(region),
        regions.dns(),
        new KubernetesAppRouting(client),
        connector,
        comparison,
        new KubernetesSecretReader(client),
        sqlTasks,
        timings,
        clock,
        regions.monitoring(region),
        StatementChecks.jdbc(),
        new KubernetesStatementReports(client),
        new KubernetesAppWorkloads(client))
        .withBlueGreenSql(BlueGreenSql.jdbc());
  }
}
