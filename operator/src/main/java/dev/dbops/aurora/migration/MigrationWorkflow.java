package dev.dbops.aurora.migration;

import dev.dbops.aurora.aws.AwsErrorKind;
import dev.dbops.aurora.aws.AwsException;
import dev.dbops.aurora.migration.bluegreen.steps.AwaitGreenStep;
import dev.dbops.aurora.migration.bluegreen.steps.ConvertToProvisionedStep;
import dev.dbops.aurora.migration.bluegreen.steps.CreateBlueGreenDeploymentStep;
import dev.dbops.aurora.migration.bluegreen.steps.DeleteDeploymentStep;
import dev.dbops.aurora.migration.bluegreen.steps.EnableLogicalReplicationStep;
import dev.dbops.aurora.migration.bluegreen.steps.GreenServerlessStep;
import dev.dbops.aurora.migration.bluegreen.steps.PreSwitchoverCheckStep;
import dev.dbops.aurora.migration.bluegreen.steps.ReplicaIdentityStep;
import dev.dbops.aurora.migration.bluegreen.steps.SequenceSyncStep;
import dev.dbops.aurora.migration.bluegreen.steps.SwitchoverStep;
import dev.dbops.aurora.migration.steps.CreateInstancesStep;
import dev.dbops.aurora.migration.steps.CutoverApprovalStep;
import dev.dbops.aurora.migration.steps.CutoverStep;
import dev.dbops.aurora.migration.steps.DrainSourceStep;
import dev.dbops.aurora.migration.steps.MonitoringStep;
import dev.dbops.aurora.migration.steps.PostUpgradeStep;
import dev.dbops.aurora.migration.steps.PreflightStep;
import dev.dbops.aurora.migration.steps.RestartWorkloadsStep;
import dev.dbops.aurora.migration.steps.RestoreTargetStep;
import dev.dbops.aurora.migration.steps.RetireSourceStep;
import dev.dbops.aurora.migration.steps.ServerlessInstancesStep;
import dev.dbops.aurora.migration.steps.SnapshotStep;
import dev.dbops.aurora.migration.steps.SourceReadOnlyStep;
import dev.dbops.aurora.migration.steps.StatementCheckStep;
import dev.dbops.aurora.migration.steps.TargetWritableStep;
import dev.dbops.aurora.migration.steps.UpgradeStep;
import dev.dbops.aurora.migration.steps.VerifyStep;
import dev.dbops.aurora.model.migration.AuroraMigration;
import dev.dbops.aurora.model.migration.AuroraMigrationStatus;
import dev.dbops.aurora.model.migration.MigrationPhase;
import dev.dbops.aurora.model.migration.MigrationStrategy;
import dev.dbops.aurora.model.migration.RollbackStatus;
import dev.dbops.aurora.model.migration.StepState;
import dev.dbops.aurora.model.migration.StepStatus;
import dev.dbops.aurora.postgres.PostgresException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The migration, as an ordered list of steps, and the rules for moving along it. Each call to
 * {@link #advance} does one thing: start a step (recorded before any external call), look at it (and act
 * if needed), or move on; the caller persists status after every call, so status always says what was
 * last done.
 */
public final class MigrationWorkflow {
  private static final Set<MigrationPhase> FINISHED =
      EnumSet.of(MigrationPhase.Completed, MigrationPhase.Failed, MigrationPhase.RolledBack);
  /** A failure that needs a person is not retried in a loop; a spec change wakes the reconciler anyway. */
  static final Duration TERMINAL_RECHECK = Duration.ofMinutes(10);

  private final Map<MigrationStrategy, List<MigrationStep>> strategies;
  private final MigrationStatusWriter writer;
  private final Rollback rollback = new Rollback();
  private final BlueGreenRollback blueGreenRollback = new BlueGreenRollback();

  /** One list of steps, whatever the strategy (tests of single steps). */
  public MigrationWorkflow(List<MigrationStep> steps, MigrationStatusWriter writer) {
    this(Map.of(MigrationStrategy.SnapshotRestore, steps, MigrationStrategy.BlueGreen, steps), writer);
  }

  /** The steps of each strategy; the migration runs the list of the strategy its preflight resolved. */
  public MigrationWorkflow(Map<MigrationStrategy, List<MigrationStep>> strategies, MigrationStatusWriter writer) {
    this.strategies = Map.copyOf(strategies);
    this.writer = writer;
  }

  /** Every strategy's steps, as the operator runs them. */
  public static Map<MigrationStrategy, List<MigrationStep>> strategies(UpgradePlanner upgradePlanner) {
    return Map.of(
        MigrationStrategy.SnapshotRestore, standardSteps(upgradePlanner),
        MigrationStrategy.BlueGreen, blueGreenSteps(upgradePlanner));
  }

  /** The steps in the order a migration runs them. */
  public static List<MigrationStep> standardSteps(UpgradePlanner upgradePlanner) {
    return List.of(
        new PreflightStep(upgradePlanner),
        new SourceReadOnlyStep(),
        new SnapshotStep(),
        new RestoreTargetStep(),
        new CreateInstancesStep(),
        new TargetWritableStep(),
        new UpgradeStep(upgradePlanner),
        new ServerlessInstancesStep(),
        new PostUpgradeStep(),
        new VerifyStep(),
        new MonitoringStep(),
        new StatementCheckStep(),
        new CutoverApprovalStep(),
        new CutoverStep(),
        new RestartWorkloadsStep(),
        new DrainSourceStep(),
        new RetireSourceStep());
  }

  /**
   * The BlueGreen strategy: green is built and upgraded by RDS while blue keeps serving writes; writes are blocked
   * only during the switchover (and, when needed, the conversion failover and the reboot for logical replication).
   */
  public static List<MigrationStep> blueGreenSteps(UpgradePlanner upgradePlanner) {
    return List.of(
        new PreflightStep(upgradePlanner),
        new ConvertToProvisionedStep(),
        new EnableLogicalReplicationStep(),
        new ReplicaIdentityStep(),
        new CreateBlueGreenDeploymentStep(),
        new AwaitGreenStep(),
        new GreenServerlessStep(),
        new PreSwitchoverCheckStep(),
        new StatementCheckStep(),
        new CutoverApprovalStep(),
        new SequenceSyncStep(),
        new SwitchoverStep(),
        new DeleteDeploymentStep(),
        new RetireSourceStep());
  }

  /** The SnapshotRestore steps (the strategy of every migration that names none). */
  public List<MigrationStep> steps() {
    return strategies.get(MigrationStrategy.SnapshotRestore);
  }

  /**
   * The steps this migration runs: its resolved strategy's; until preflight resolves Auto, SnapshotRestore's (the
   * list shown is then replaced by the chosen one).
   */
  public List<MigrationStep> steps(MigrationContext ctx) {
    MigrationStrategy strategy = ctx.strategy();
    return strategies.get(strategy == MigrationStrategy.BlueGreen ? MigrationStrategy.BlueGreen : MigrationStrategy.SnapshotRestore);
  }

  /** Moves the migration on by one observation or action; returns when to look again, or empty when done. */
  public Optional<Duration> advance(MigrationContext ctx) {
    AuroraMigration migration = ctx.migration();
    if (migration.getStatus() == null) {
      migration.setStatus(new AuroraMigrationStatus());
    }
    List<MigrationStep> steps = steps(ctx);
    writer.initialise(migration, steps);
    AuroraMigrationStatus status = migration.getStatus();
    writer.refreshReadOnlyDuration(migration, ctx.now());

    if (status.getPhase() == MigrationPhase.Planned && !ctx.spec().isDryRun()) {
      resetStep(status, PreflightStep.NAME);
      status.setStrategy(null);
      status.setPhase(MigrationPhase.Pending);
    }
    if (strategyChanged(ctx, steps)) {
      return Optional.of(TERMINAL_RECHECK);
    }
    if (rollbackRequested(ctx) && status.getPhase() != MigrationPhase.RollingBack && !FINISHED.contains(status.getPhase())) {
      if (cutoverStarted(status)) {
        writer.retrying(migration, CutoverStep.NAME, "RollbackRefused",
            "rollback was requested after cutover started; the target has taken writes, so the operator will not roll back");
      } else {
        startRollback(ctx, "RollbackRequested", "rollback requested in spec.rollback.requested");
      }
    }
    if (FINISHED.contains(status.getPhase()) || status.getPhase() == MigrationPhase.Planned) {
      CostAfterCutover.refresh(ctx);
      TargetWorkload.refresh(ctx);
      return sooner(StoppedSource.keepStopped(ctx), RoutingDriftCheck.check(ctx, writer));
    }
    try {
      if (status.getPhase() == MigrationPhase.RollingBack) {
        return status.getStrategy() == MigrationStrategy.BlueGreen ? blueGreenRollback.run(ctx, writer) : rollback.run(ctx, writer);
      }
      recheckStatementsOnRequest(ctx);
      return advanceStep(ctx, steps);
    } catch (AwsException e) {
      return handleAwsError(ctx, e);
    } catch (PostgresException e) {
      return handleSqlError(ctx, e);
    } catch (SecretReader.MissingSecretException e) {
      writer.retrying(migration, currentStepName(status), "SecretNotFound", e.getMessage());
      return Optional.of(ctx.timings().retryBackoff());
    }
  }

  private static Optional<Duration> sooner(Optional<Duration> a, Optional<Duration> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return a.isPresent() ? a : b;
    }
    return a.get().compareTo(b.get()) <= 0 ? a : b;
  }

  /**
   * spec.strategy changed once steps past preflight ran: the two strategies change the source differently, so the
   * migration cannot switch midway. Before that point the new strategy simply applies (preflight runs again).
   */
  private boolean strategyChanged(MigrationContext ctx, List<MigrationStep> steps) {
    AuroraMigrationStatus status = ctx.status();
    MigrationStrategy wanted = ctx.spec().strategyOrDefault();
    MigrationStrategy resolved = status.getStrategy();
    if (resolved == null || wanted == status.getRequestedStrategy() || FINISHED.contains(status.getPhase())) {
      return false;
    }
    boolean pastPreflight = status.getSteps().stream()
        .anyMatch(s -> !PreflightStep.NAME.equals(s.getName()) && s.getState() != StepState.Pending);
    if (!pastPreflight) {
      resetStep(status, PreflightStep.NAME);
      status.setStrategy(null);
      return false;
    }
    writer.held(ctx.migration(), status.getCurrentStep() == null ? PreflightStep.NAME : status.getCurrentStep(), "StrategyChanged",
        "spec.strategy changed to " + wanted + " after the migration started as " + status.getRequestedStrategy()
            + (status.getRequestedStrategy() == resolved ? "" : " (resolved to " + resolved + ")")
            + "; set it back to " + status.getRequestedStrategy() + ", or roll back (spec.rollback.requested: true)"
            + " and create a new AuroraMigration");
    return true;
  }

  private Optional<Duration> advanceStep(MigrationContext ctx, List<MigrationStep> steps) {
    AuroraMigration migration = ctx.migration();
    AuroraMigrationStatus status = migration.getStatus();
    Optional<MigrationStep> next = steps.stream().filter(s -> !finished(writer.entry(status, s.name()))).findFirst();
    if (next.isEmpty()) {
      writer.completed(migration);
      return Optional.empty();
    }
    MigrationStep step = next.get();
    StepStatus entry = writer.entry(status, step.name());
    if (entry.getState() == StepState.Pending) {
      // Recorded before the step touches anything, so a crash inside it is visible and resumable.
      writer.started(migration, step.name(), phaseOf(step), ctx.now());
      return Optional.of(ctx.timings().nextStep());
    }
    StepResult result = step.run(ctx);
    if (result instanceof StepResult.Skipped skipped) {
      writer.skipped(migration, step.name(), skipped.message(), ctx.now());
      return Optional.of(ctx.timings().nextStep());
    }
    if (result instanceof StepResult.Done done) {
      writer.succeeded(migration, step.name(), done.message(), done.resources(), ctx.now());
      if (step instanceof PreflightStep && ctx.spec().isDryRun()) {
        writer.planned(migration, plan(ctx));
        return Optional.empty();
      }
      return Optional.of(ctx.timings().nextStep());
    }
    if (result instanceof StepResult.Waiting waiting) {
      writer.waiting(migration, step.name(), waiting.message(), waiting.resources());
      return Optional.of(waiting.recheckAfter());
    }
    if (result instanceof StepResult.Held held) {
      writer.held(migration, step.name(), held.reason(), held.message());
      return Optional.of(TERMINAL_RECHECK);
    }
    StepResult.Failed failed = (StepResult.Failed) result;
    writer.stepFailed(migration, step.name(), failed.message(), ctx.now());
    return fail(ctx, step, failed.reason(), failed.message());
  }

  /** Every step's plan in order: what a dry run shows. */
  public List<String> plan(MigrationContext ctx) {
    List<String> lines = new ArrayList<>();
    for (MigrationStep step : steps(ctx)) {
      for (String line : step.plan(ctx)) {
        lines.add(step.name() + ": " + line);
      }
    }
    return lines;
  }

  private Optional<Duration> fail(MigrationContext ctx, MigrationStep step, String reason, String message) {
    AuroraMigrationStatus status = ctx.migration().getStatus();
    if (step.changesSource() && !cutoverStarted(status)) {
      startRollback(ctx, reason, step.name() + " failed: " + message);
      return Optional.of(ctx.timings().nextStep());
    }
    String advice = step.changesSource()
        ? " Apps may already use the target; fix the cause and the step is retried on the next spec change."
        : " Nothing was changed.";
    String sentence = message.endsWith(".") ? message : message + ".";
    writer.failed(ctx.migration(), reason, step.name() + " failed: " + sentence + advice);
    return Optional.empty();
  }

  private void startRollback(MigrationContext ctx, String reason, String message) {
    RollbackStatus rollback = new RollbackStatus();
    rollback.setReason(message);
    ctx.migration().getStatus().setRollback(rollback);
    writer.rollingBack(ctx.migration(), reason, "rolling back: " + message);
  }

  private Optional<Duration> handleAwsError(MigrationContext ctx, AwsException e) {
    AuroraMigrationStatus status = ctx.migration().getStatus();
    String step = currentStepName(status);
    if (e.isRetryable() || e.kind() == AwsErrorKind.NOT_FOUND) {
      writer.retrying(ctx.migration(), step, e.code(), e.getMessage());
      return Optional.of(ctx.timings().retryBackoff());
    }
    // Invalid parameters, quotas, permissions: a person must act; say so and do not hammer AWS.
    Optional<MigrationStep> current = steps(ctx).stream().filter(s -> s.name().equals(step)).findFirst();
    if (current.isPresent() && status.getPhase() != MigrationPhase.RollingBack) {
      writer.stepFailed(ctx.migration(), step, e.getMessage(), ctx.now());
      return fail(ctx, current.get(), e.code(), e.getMessage());
    }
    writer.retrying(ctx.migration(), step, e.code(), e.getMessage());
    return Optional.of(TERMINAL_RECHECK);
  }

  /** Connection trouble (SQLSTATE class 08, or none) is retried; anything else SQL refused is a failure. */
  private Optional<Duration> handleSqlError(MigrationContext ctx, PostgresException e) {
    AuroraMigrationStatus status = ctx.migration().getStatus();
    String step = currentStepName(status);
    String state = e.sqlState();
    if (state == null || state.startsWith("08") || status.getPhase() == MigrationPhase.RollingBack) {
      writer.retrying(ctx.migration(), step, "DatabaseUnavailable", e.getMessage());
      return Optional.of(ctx.timings().retryBackoff());
    }
    Optional<MigrationStep> current = steps(ctx).stream().filter(s -> s.name().equals(step)).findFirst();
    writer.stepFailed(ctx.migration(), step, "SQLSTATE " + state + ": " + e.getMessage(), ctx.now());
    return fail(ctx, current.orElse(steps(ctx).get(0)), "SqlError", "SQLSTATE " + state + ": " + e.getMessage());
  }

  private static String currentStepName(AuroraMigrationStatus status) {
    return status.getCurrentStep() == null ? PreflightStep.NAME : status.getCurrentStep();
  }

  private static boolean rollbackRequested(MigrationContext ctx) {
    return ctx.spec().getRollback() != null && ctx.spec().getRollback().isRequested();
  }

  /**
   * True once the cutover may have repointed something. Its write-fence check comes first and may hold
   * the step; until that check clears it, nothing was repointed and a rollback is still safe.
   */
  private boolean cutoverStarted(AuroraMigrationStatus status) {
    if (status.getBlueGreen() != null && status.getBlueGreen().getSwitchoverStartedAt() != null) {
      return true; // the switchover may have moved the applications to green
    }
    StepStatus cutover = writer.entry(status, CutoverStep.NAME);
    if (cutover == null || cutover.getState() == StepState.Pending) {
      return false;
    }
    return status.getWriteFence() == null || status.getWriteFence().getClearedForCutoverAt() != null
        || cutover.getState() == StepState.Succeeded;
  }

  private static boolean finished(StepStatus entry) {
    return entry.getState() == StepState.Succeeded || entry.getState() == StepState.Skipped;
  }

  /**
   * The recheck annotation (StatementCheckStep.RECHECK_ANNOTATION) with a new value, once the check has
   * passed and before cutover starts: the check and the approval after it run again, so a failure the
   * new run finds holds before anything is repointed. Later, the annotation is ignored (apps use the target).
   */
  private void recheckStatementsOnRequest(MigrationContext ctx) {
    AuroraMigrationStatus status = ctx.status();
    if (writer.entry(status, StatementCheckStep.NAME).getState() != StepState.Succeeded || cutoverStarted(status)
        || !StatementCheckStep.recheckRequested(ctx)) {
      return;
    }
    resetStep(status, StatementCheckStep.NAME);
    resetStep(status, CutoverApprovalStep.NAME);
  }

  private void resetStep(AuroraMigrationStatus status, String name) {
    StepStatus entry = writer.entry(status, name);
    entry.setState(StepState.Pending);
    entry.setFinishedAt(null);
  }

  private static MigrationPhase phaseOf(MigrationStep step) {
    return switch (step.name()) {
      case PreflightStep.NAME -> MigrationPhase.Preflight;
      case CutoverStep.NAME, RestartWorkloadsStep.NAME, DrainSourceStep.NAME, RetireSourceStep.NAME, SwitchoverStep.NAME,
          DeleteDeploymentStep.NAME ->
          MigrationPhase.CuttingOver;
      default -> MigrationPhase.Migrating;
    };
  }
}
