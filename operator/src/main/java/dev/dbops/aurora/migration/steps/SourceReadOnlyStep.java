package dev.dbops.aurora.migration.steps;

import dev.dbops.aurora.migration.MigrationContext;
import dev.dbops.aurora.migration.MigrationStep;
import dev.dbops.aurora.migration.StepResult;
import dev.dbops.aurora.model.migration.ReadOnlyWindowStatus;
import dev.dbops.aurora.postgres.PostgresServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Asks the source to stop taking writes so the snapshot holds every write: new sessions start read-only at
 * once (a client that keeps the default gets SQLSTATE 25006); sessions already open get a grace period to
 * finish, then are terminated. This is a request, not a fence: any session may turn read-only off again
 * for itself. The write fence ({@link WriteFence}) detects what such a session wrote after the snapshot.
 *
 * <p>Which databases the operator switched is recorded before it switches them: they carry the setting
 * into the snapshot, and only they are reset later (on the target, and on the source at rollback). A
 * database that already started read-only is the user's own choice and is left as it is.
 */
public final class SourceReadOnlyStep implements MigrationStep {
  public static final String NAME = "SourceReadOnly";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public StepResult run(MigrationContext ctx) {
    List<String> databases = ctx.databases();
    PostgresServer source = ctx.sourceDatabase();
    ReadOnlyWindowStatus window = window(ctx);
    if (window.getSwitchedDatabases() == null) {
      // Recorded (and persisted by this wait) before switching: after the switch every database looks
      // read-only, and the operator could no longer tell its own settings from the user's.
      List<String> already = source.readOnlyDatabases(databases);
      window.setAlreadyReadOnlyDatabases(already);
      window.setSwitchedDatabases(databases.stream().filter(d -> !already.contains(d)).toList());
      return StepResult.waiting(
          "switching " + String.join(", ", window.getSwitchedDatabases()) + " read-only", ctx.timings().nextStep());
    }
    List<String> switched = window.getSwitchedDatabases();
    if (window.getStartedAt() == null) {
      if (!switched.isEmpty()) {
        source.setReadOnly(switched, true);
      }
      window.setStartedAt(ctx.now().toString());
    }
    Instant graceEnds = Instant.parse(window.getStartedAt()).plus(gracePeriod(ctx));
    if (ctx.now().isBefore(graceEnds)) {
      return StepResult.waiting(
          "source read-only for new sessions; open sessions may finish until " + graceEnds,
          Duration.between(ctx.now(), graceEnds).plusMillis(100));
    }
    if (!switched.isEmpty() && !source.isReadOnly(switched)) {
      // Someone turned it back on during the grace period: set it again rather than snapshot a writable source.
      source.setReadOnly(switched, true);
    }
    int terminated = source.terminateOtherSessions(databases);
    return StepResult.done(
        "source read-only for new sessions since " + window.getStartedAt() + "; " + terminated
            + " open session(s) terminated (a default any session can turn off: the write fence checks before cutover)",
        Map.of("databases", String.join(",", databases)));
  }

  @Override
  public List<String> plan(MigrationContext ctx) {
    List<String> lines = new ArrayList<>();
    for (String database : ctx.databases()) {
      lines.add("sql: ALTER DATABASE " + database + " SET default_transaction_read_only = on"
          + " (unless it already is: recorded in status.readOnlyWindow.switchedDatabases)");
    }
    lines.add("wait " + gracePeriod(ctx).toSeconds() + " s for open sessions to finish");
    lines.add("sql: pg_terminate_backend(<every other session on " + String.join(", ", ctx.databases()) + ">)");
    return lines;
  }

  private static Duration gracePeriod(MigrationContext ctx) {
    Integer seconds = ctx.spec().getReadOnly() == null ? null : ctx.spec().getReadOnly().getGracePeriodSeconds();
    return Duration.ofSeconds(seconds == null ? 30 : seconds);
  }

  private static ReadOnlyWindowStatus window(MigrationContext ctx) {
    if (ctx.status().getReadOnlyWindow() == null) {
      ctx.status().setReadOnlyWindow(new ReadOnlyWindowStatus());
    }
    return ctx.status().getReadOnlyWindow();
  }
}
