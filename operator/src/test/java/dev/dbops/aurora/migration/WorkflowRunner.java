package dev.dbops.aurora.migration;

import dev.dbops.aurora.model.migration.AuroraMigration;
import dev.dbops.aurora.testing.ManualClock;
import dev.dbops.aurora.model.migration.MigrationPhase;
import dev.dbops.aurora.status.Conditions;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import dev.dbops.aurora.model.migration.StepStatus;
import java.util.function.BiFunction;

/**
 * Runs the workflow the way the operator does — one advance per reconcile, status persisted after each —
 * with a clock the test controls. "Persisted" is a JSON copy, so a simulated crash simply throws the
 * working copy away, together with the background SQL tasks a dying process would lose.
 */
final class WorkflowRunner implements AutoCloseable {
  private static final Duration SETTLE_LIMIT = Duration.ofMinutes(3);

  final ManualClock clock = new ManualClock(Instant.parse("2026-11-26T10:00:00Z"));
  private final BiFunction<AuroraMigration, SqlTasks, MigrationContext> contexts;
  private final UpgradePlanner planner;
  SqlTasks sqlTasks = new SqlTasks(2);
  AuroraMigration persisted;
  int reconciles;
  int crashes;

  WorkflowRunner(AuroraMigration migration, UpgradePlanner planner, BiFunction<AuroraMigration, SqlTasks, MigrationContext> contexts) {
    this.persisted = migration;
    this.planner = planner;
    this.contexts = contexts;
  }

  /** One reconcile; returns the reschedule delay, and moves the clock by it. */
  Optional<Duration> reconcile() {
    AuroraMigration working = Serialization.clone(persisted);
    Optional<Duration> next = workflow().advance(contexts.apply(working, sqlTasks));
    persisted = working;
    reconciles++;
    next.ifPresent(clock::advance);
    return next;
  }

  /** A reconcile whose process dies before its status patch lands: the work may be done, the record is lost. */
  void reconcileAndCrash() {
    AuroraMigration working = Serialization.clone(persisted);
    workflow().advance(contexts.apply(working, sqlTasks));
    crashes++;
    sqlTasks.close();
    sqlTasks = new SqlTasks(2);
  }

  /** Where the simulated operator process dies. */
  enum Crashes {
    NONE,
    /** Before every status patch: only where background SQL is instant, or it would never finish. */
    BEFORE_EVERY_PATCH,
    /** Once when each step first acts, and once in its first wait. */
    AT_EVERY_STEP_BOUNDARY_AND_WAIT
  }

  /** Reconciles until the workflow stops asking to be rescheduled, or waits for cutover approval. */
  void runUntilSettled(Crashes crashes) {
    Instant giveUp = Instant.now().plus(SETTLE_LIMIT);
    Set<String> crashedAt = new HashSet<>();
    while (Instant.now().isBefore(giveUp)) {
      if (crashes == Crashes.BEFORE_EVERY_PATCH
          || (crashes == Crashes.AT_EVERY_STEP_BOUNDARY_AND_WAIT && crashedAt.add(position()))) {
        reconcileAndCrash();
      }
      Optional<Duration> next = reconcile();
      // A finished migration may still ask to be looked at again (a stopped source AWS restarts): settled all the same.
      if (next.isEmpty() || finished() || awaitingApproval() || held()) {
        return;
      }
      // Background SQL tasks run in real time: give them a moment before the next look.
      sleep(Math.min(next.get().toMillis(), 20));
    }
    throw new AssertionError("migration did not settle; status: " + Serialization.asYaml(persisted.getStatus()));
  }

  /** The current step, and whether its next look is its first action or a later wait. */
  private String position() {
    if (persisted.getStatus() == null || persisted.getStatus().getCurrentStep() == null) {
      return "start";
    }
    String step = persisted.getStatus().getCurrentStep();
    StepStatus entry = persisted.getStatus().getSteps().stream()
        .filter(s -> s.getName().equals(step)).findFirst().orElseThrow();
    return step + "/" + entry.getState() + "/" + ("started".equals(entry.getMessage()) ? "act" : "wait");
  }

  MigrationPhase phase() {
    return persisted.getStatus().getPhase();
  }

  MigrationWorkflow workflow() {
    return new MigrationWorkflow(MigrationWorkflow.strategies(planner), new MigrationStatusWriter(new Conditions(clock)));
  }

  @Override
  public void close() {
    sqlTasks.close();
  }

  /** Reconciles until {@code reached} holds for the persisted migration (e.g. a step has finished). */
  void runUntil(java.util.function.Predicate<AuroraMigration> reached) {
    Instant giveUp = Instant.now().plus(SETTLE_LIMIT);
    while (!reached.test(persisted)) {
      if (Instant.now().isAfter(giveUp)) {
        throw new AssertionError("condition not reached; status: " + Serialization.asYaml(persisted.getStatus()));
      }
      reconcile();
      sleep(5);
    }
  }

  /** Waiting for a person's decision in spec (e.g. writes after the snapshot): nothing happens by itself. */
  boolean held() {
    var conditions = persisted.getStatus() == null ? java.util.List.<io.fabric8.kubernetes.api.model.Condition>of()
        : persisted.getStatus().getConditions();
    boolean notProgressing = conditions.stream().anyMatch(c -> c.getType().equals(Conditions.PROGRESSING) && c.getStatus().equals("False"));
    boolean degraded = conditions.stream().anyMatch(c -> c.getType().equals(Conditions.DEGRADED) && c.getStatus().equals("True"));
    return notProgressing && degraded && (phase() == MigrationPhase.Migrating || phase() == MigrationPhase.CuttingOver);
  }

  private boolean finished() {
    MigrationPhase phase = persisted.getStatus() == null ? null : phase();
    return phase == MigrationPhase.Completed || phase == MigrationPhase.Failed || phase == MigrationPhase.RolledBack;
  }

  private boolean awaitingApproval() {
    return phase() == MigrationPhase.AwaitingCutover && !persisted.getSpec().getCutover().isApproved();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
