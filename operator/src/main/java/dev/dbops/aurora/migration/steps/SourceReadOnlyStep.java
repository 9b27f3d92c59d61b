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
 * Stops writes on the source so the snapshot holds every write: new sessions start read-only at once;
 * sessions already open get a grace period to finish, then are terminated, because they could still
 * write. From here on a write fails with SQLSTATE 25006 instead of being lost.
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
    if (window.getStartedAt() == null) {
      source.setReadOnly(databases, true);
      window.setStartedAt(ctx.now().toString());
    }
    Instant graceEnds = Instant.parse(window.getStartedAt()).plus(gracePeriod(ctx));
    if (ctx.now().isBefore(graceEnds)) {
      return StepResult.waiting(
          "source read-only for new sessions; open sessions may finish until " + graceEnds,
          Duration.between(ctx.now(), graceEnds).plusMillis(100));
    }
    if (!source.isReadOnly(databases)) {
      // Someone turned it back on during the grace period: set it again rather than snapshot a writable source.
      source.setReadOnly(databases, true);
    }
    int terminated = source.terminateOtherSessions(databases);
    return StepResult.done(
        "source read-only since " + window.getStartedAt() + "; " + terminated + " open session(s) terminated",
        Map.of("databases", String.join(",", databases)));
  }

  @Override
  public List<String> plan(MigrationContext ctx) {
    List<String> lines = new ArrayList<>();
    for (String database : ctx.databases()) {
      lines.add("sql: ALTER DATABASE " + database + " SET default_transaction_read_only = on");
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
