package dev.dbops.aurora.migration.steps;

import dev.dbops.aurora.migration.MigrationContext;
import dev.dbops.aurora.migration.MigrationStep;
import dev.dbops.aurora.migration.StepResult;
import dev.dbops.aurora.model.migration.CutoverSpec;
import dev.dbops.aurora.model.migration.SessionSample;
import dev.dbops.aurora.model.migration.SourceDrainStatus;
import dev.dbops.aurora.model.migration.StepStatus;
import dev.dbops.aurora.postgres.PostgresServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * After the switch and the restarts: waits for application sessions to leave the read-only source, and
 * terminates the ones still there once the grace period after the switch has ended. Until then reads on
 * the source keep working; a pool that never recycles is what the termination is for (its writes fail
 * with 25006 there, and its reconnect resolves to the target). Runs after RestartWorkloads, so nothing is
 * cut while a rollout is still moving pods.
 */
public final class DrainSourceStep implements MigrationStep {
  public static final String NAME = "DrainSource";
  static final int DEFAULT_GRACE_SECONDS = 300;
  static final int MAX_SAMPLES = 10;
  static final Duration POLL = Duration.ofSeconds(15);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public StepResult run(MigrationContext ctx) {
    SourceDrainStatus drain = ctx.status().apps().getDrain();
    if (drain == null) {
      drain = new SourceDrainStatus();
      Instant switchedAt = switchedAt(ctx);
      drain.setSwitchedAt(switchedAt.toString());
      drain.setGraceEndsAt(switchedAt.plus(grace(ctx)).toString());
      ctx.status().apps().setDrain(drain);
    }
    List<String> databases = ctx.databases();
    if (databases.isEmpty()) {
      return StepResult.done("no migrated database to drain");
    }
    PostgresServer source = ctx.sourceDatabase();
    Map<String, Integer> sessions = source.applicationSessions(databases);
    int total = sessions.values().stream().mapToInt(Integer::intValue).sum();
    record(drain, ctx.now(), total, sessions);
    if (total == 0) {
      drain.setZeroAt(ctx.now().toString());
      return StepResult.done("no application session left on the source" + (drain.getTerminated() == null
          ? "" : " (" + drain.getTerminated() + " terminated after the grace period)"));
    }
    Instant graceEnds = Instant.parse(drain.getGraceEndsAt());
    if (ctx.now().isBefore(graceEnds)) {
      Duration left = Duration.between(ctx.now(), graceEnds);
      return StepResult.waiting(total + " application session(s) still on the source (" + roles(sessions)
          + "); terminating the rest at " + drain.getGraceEndsAt(), left.compareTo(POLL) < 0 ? left : POLL);
    }
    // Recorded before the call: a resumed step sees that it already ended sessions, and counts again.
    drain.setTerminatingAt(ctx.now().toString());
    int ended = source.terminateOtherSessions(databases);
    drain.setTerminated((drain.getTerminated() == null ? 0 : drain.getTerminated()) + ended);
    return StepResult.waiting("grace period over: terminated " + ended + " session(s) on the source ("
        + roles(sessions) + "); counting again", ctx.timings().sqlPoll());
  }

  @Override
  public List<String> plan(MigrationContext ctx) {
    return List.of("SQL on source: count application sessions (pg_stat_activity) until 0; after "
        + grace(ctx).toSeconds() + "s from the switch, pg_terminate_backend the rest");
  }

  private static void record(SourceDrainStatus drain, Instant now, int total, Map<String, Integer> sessions) {
    List<SessionSample> samples = drain.getSamples();
    samples.add(new SessionSample(now.toString(), total, roles(sessions)));
    while (samples.size() > MAX_SAMPLES) {
      samples.remove(0);
    }
  }

  private static String roles(Map<String, Integer> sessions) {
    return String.join(", ", sessions.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
  }

  private static Duration grace(MigrationContext ctx) {
    CutoverSpec spec = ctx.spec().getCutover();
    Integer seconds = spec == null ? null : spec.getDrainGracePeriodSeconds();
    return Duration.ofSeconds(seconds == null ? DEFAULT_GRACE_SECONDS : seconds);
  }

  /** The grace period counts from the switch (Cutover's end), not from this step's start. */
  private static Instant switchedAt(MigrationContext ctx) {
    return ctx.status().getSteps().stream()
        .filter(s -> CutoverStep.NAME.equals(s.getName()))
        .map(StepStatus::getFinishedAt)
        .filter(t -> t != null)
        .map(Instant::parse)
        .findFirst()
        .orElse(ctx.now());
  }
}
