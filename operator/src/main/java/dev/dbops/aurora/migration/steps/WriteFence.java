package dev.dbops.aurora.migration.steps;

import dev.dbops.aurora.migration.MigrationContext;
import dev.dbops.aurora.migration.StepResult;
import dev.dbops.aurora.model.migration.CutoverSpec;
import dev.dbops.aurora.model.migration.DatabaseWriteBaseline;
import dev.dbops.aurora.model.migration.TableWrites;
import dev.dbops.aurora.model.migration.WriteFenceCheck;
import dev.dbops.aurora.model.migration.WriteFenceResult;
import dev.dbops.aurora.model.migration.WriteFenceStatus;
import dev.dbops.aurora.postgres.DatabaseWriteCounters;
import dev.dbops.aurora.postgres.TableWriteCounters;
import dev.dbops.aurora.postgres.WriteCounters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The write fence: read-only on the source is only a default any session can turn off, so the operator
 * proves afterwards that nobody wrote. A baseline of the source's write counters is taken right before
 * the snapshot is requested; before cutover (at the end of Verify, and in Cutover before anything is
 * repointed) the counters are read again. Writes found, or a reading that proves nothing, hold the
 * migration until a person decides in spec: roll back and start again from a new snapshot, or accept.
 * See docs/architecture.md, "The read-only window".
 */
public final class WriteFence {
  /** Per-table baseline entries kept in status; the per-database totals stay exact whatever the count. */
  static final int MAX_BASELINE_TABLES = 500;

  static final int MAX_CHECKS_IN_STATUS = 10;

  private WriteFence() {}

  /** True once a baseline is in status. */
  static boolean hasBaseline(MigrationContext ctx) {
    return ctx.status().getWriteFence() != null && ctx.status().getWriteFence().getBaselineAt() != null;
  }

  /** Reads the source's counters and keeps them as the baseline. */
  static void recordBaseline(MigrationContext ctx) {
    ctx.status().setWriteFence(baselineOf(ctx.sourceDatabase().readWriteCounters(ctx.databases()), ctx.now()));
  }

  /** The status form of a reading taken as the baseline at {@code at}. */
  static WriteFenceStatus baselineOf(WriteCounters reading, java.time.Instant at) {
    WriteFenceStatus fence = new WriteFenceStatus();
    fence.setBaselineAt(at.toString());
    fence.setSourceStartedAt(reading.serverStartedAt());
    fence.setBaselineTransactionId(reading.nextTransactionId());
    List<TableWrites> tables = new ArrayList<>();
    for (DatabaseWriteCounters db : reading.databases()) {
      DatabaseWriteBaseline base = new DatabaseWriteBaseline();
      base.setDatabase(db.database());
      base.setInserts(db.inserts());
      base.setUpdates(db.updates());
      base.setDeletes(db.deletes());
      base.setStatsReset(db.statsReset());
      base.setSequencesDigest(db.sequencesDigest());
      base.setUnreadableSequences(db.unreadableSequences());
      fence.getDatabases().add(base);
      // A table never written since the statistics reset is left out: absent means zero, which keeps
      // the list short (most catalogs) and lets the cap cover the tables that matter.
      for (TableWriteCounters t : db.tables().stream().filter(t -> t.total() > 0).toList()) {
        tables.add(WriteFenceComparison.tableWrites(db.database(), t.table(), t.inserts(), t.updates(), t.deletes()));
      }
    }
    // Status must stay far below etcd's 1.5 MB: user tables before catalogs, then by name.
    tables.sort(Comparator.comparing((TableWrites t) -> t.getTable().startsWith("pg_catalog."))
        .thenComparing(TableWrites::getDatabase).thenComparing(TableWrites::getTable));
    fence.setTables(new ArrayList<>(tables.subList(0, Math.min(tables.size(), MAX_BASELINE_TABLES))));
    fence.setTablesNotListed(Math.max(0, tables.size() - MAX_BASELINE_TABLES));
    return fence;
  }

  /**
   * Checks the source against the baseline for {@code step}. Empty when the cutover may go ahead (no
   * writes, or writes accepted in spec); otherwise the result that holds the step.
   */
  static Optional<StepResult> check(MigrationContext ctx, String step) {
    WriteFenceStatus fence = ctx.status().getWriteFence();
    WriteFenceCheck check = new WriteFenceCheck();
    check.setAt(ctx.now().toString());
    check.setStep(step);
    String finding;
    if (!hasBaseline(ctx)) {
      // A migration whose snapshot came before the fence existed: there is nothing to compare with.
      if (fence == null) {
        fence = new WriteFenceStatus();
        ctx.status().setWriteFence(fence);
      }
      finding = "no baseline of the source's write counters was taken before the snapshot";
      fence.setResult(WriteFenceResult.Unprovable);
      fence.setUnprovableReason(finding);
      fence.setWrites(new ArrayList<>());
      fence.setSequencesChanged(new ArrayList<>());
    } else {
      WriteCounters now = ctx.sourceDatabase().readWriteCounters(ctx.databases());
      WriteFenceComparison comparison = WriteFenceComparison.of(fence, now);
      fence.setResult(comparison.result());
      fence.setWritesDetected(comparison.writes());
      fence.setWrites(new ArrayList<>(comparison.tables()));
      fence.setSequencesChanged(new ArrayList<>(comparison.sequencesChanged()));
      fence.setUnprovableReason(comparison.doubts().isEmpty() ? null : String.join("; ", comparison.doubts()));
      check.setWrites(comparison.writes());
      check.setSessionsEnded(now.sessionsEnded());
      finding = comparison.describe();
    }
    check.setResult(fence.getResult());
    fence.getChecks().add(check);
    while (fence.getChecks().size() > MAX_CHECKS_IN_STATUS) {
      fence.getChecks().remove(0);
    }
    if (fence.getResult() == WriteFenceResult.NoWritesDetected) {
      return Optional.empty();
    }
    CutoverSpec cutover = ctx.spec().getCutover();
    if (cutover != null && cutover.isAcceptWritesAfterSnapshot()) {
      if (fence.getAcceptedAt() == null) {
        fence.setAcceptedAt(ctx.now().toString());
      }
      return Optional.empty();
    }
    return Optional.of(fence.getResult() == WriteFenceResult.WritesDetected
        ? StepResult.held("WritesAfterSnapshot", "writes reached the source after the snapshot and are not on the target: "
            + finding + ". " + whatToDo(ctx))
        : StepResult.held("WritesUnprovable", "cannot prove that no write reached the source after the snapshot: "
            + finding + ". " + whatToDo(ctx)));
  }

  private static String whatToDo(MigrationContext ctx) {
    return "The source stays read-only and nothing was repointed. Either start again from a new snapshot: set "
        + "spec.rollback.requested: true (the source becomes writable again), then delete this AuroraMigration and "
        + "apply it again; or carry those writes over to " + ctx.names().targetCluster()
        + " by hand and set spec.cutover.acceptWritesAfterSnapshot: true to cut over anyway";
  }

  /** Dry-run lines. */
  static String planBaseline() {
    return "sql (source): end other sessions, wait for their statistics, record write counters "
        + "(pg_stat_all_tables, pg_sequences, stats_reset) as the write-fence baseline";
  }

  static String planCheck() {
    return "sql (source): end other sessions, read the write counters again; any write since the baseline, "
        + "or a reading that proves nothing, holds the migration (WritesAfterSnapshot / WritesUnprovable)";
  }
}
