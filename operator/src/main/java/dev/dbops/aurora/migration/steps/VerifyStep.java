package dev.dbops.aurora.migration.steps;

import dev.dbops.aurora.migration.MigrationContext;
import dev.dbops.aurora.migration.MigrationStep;
import dev.dbops.aurora.migration.StepResult;
import dev.dbops.aurora.model.migration.TableVerification;
import dev.dbops.aurora.model.migration.VerificationSpec;
import dev.dbops.aurora.model.migration.VerificationStatus;
import dev.dbops.aurora.postgres.ComparisonProgress;
import dev.dbops.aurora.postgres.TableComparison;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Compares the target with the read-only source table by table (row counts, and checksums when asked),
 * then checks the write fence. A difference in a table the fence proves untouched since the snapshot
 * means the target is not a faithful copy, and the migration stops before apps are moved; a write the
 * fence finds holds the migration for a person's decision ({@link WriteFence}).
 */
public final class VerifyStep implements MigrationStep {
  public static final String NAME = "Verify";
  static final int MAX_TABLES_IN_STATUS = 500;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public StepResult run(MigrationContext ctx) {
    VerificationSpec spec = ctx.spec().getVerification() == null ? new VerificationSpec() : ctx.spec().getVerification();
    VerificationStatus compared = ctx.status().getVerification();
    if (heldEarlier(ctx)) {
      // Held by the write fence earlier: the comparison stands; only the fence is looked at again.
      return decide(ctx, compared.getTablesCompared(), compared.getMismatches() + " table(s) differ (see status.verification)",
          compared.getMismatches() > 0);
    }
    int parallelism = spec.getParallelism() == null ? 4 : spec.getParallelism();
    Set<String> excluded = spec.getExcludeTables() == null ? Set.of() : new HashSet<>(spec.getExcludeTables());
    List<String> databases = ctx.databases();
    ComparisonProgress progress = ctx.sqlTasks().progress(ctx.taskKey(NAME), ComparisonProgress::new);
    Optional<List<TableComparison>> result =
        ctx.sqlTasks()
            .poll(
                ctx.taskKey(NAME),
                () ->
                    ctx.comparison()
                        .compare(
                            ctx.sourceDatabase(),
                            ctx.targetDatabase(),
                            databases,
                            spec.isChecksums(),
                            parallelism,
                            excluded,
                            progress));
    if (result.isEmpty()) {
      String done = progress.tables() == 0 ? "" : "tables " + progress.tablesDone() + "/" + progress.tables();
      ctx.status().setStepProgress(done.isEmpty() ? null : done);
      return StepResult.waiting("comparing source and target tables" + (done.isEmpty() ? "" : " (" + done + ")"),
          ctx.timings().sqlPoll());
    }
    List<TableComparison> tables = result.get();
    record(ctx, tables);
    List<TableComparison> differing = tables.stream().filter(t -> !t.matches()).toList();
    String differences = differing.size() + " table(s) differ between source and target: "
        + String.join(", ", differing.stream().map(VerifyStep::describe).toList());
    return decide(ctx, tables.size(), differences, !differing.isEmpty());
  }

  /**
   * Equal tables prove the target holds the snapshot; the write fence proves the snapshot still holds
   * the source. A difference with writes after the snapshot is explained by them, so the migration holds
   * for a person's decision; a difference with a clean fence means the target is not a faithful copy.
   */
  private static StepResult decide(MigrationContext ctx, int compared, String differences, boolean differ) {
    Optional<StepResult> held = WriteFence.check(ctx, NAME);
    if (held.isPresent()) {
      return differ ? StepResult.held(((StepResult.Held) held.get()).reason(), differences + "; " + held.get().message())
          : held.get();
    }
    if (!differ) {
      return StepResult.done(compared + " table(s) match; " + fenceSummary(ctx));
    }
    if (ctx.status().getWriteFence().getAcceptedAt() != null) {
      return StepResult.done(differences + ", as the writes after the snapshot accepted in spec explain");
    }
    return StepResult.failed("VerificationFailed", differences);
  }

  static String fenceSummary(MigrationContext ctx) {
    var fence = ctx.status().getWriteFence();
    return fence.getAcceptedAt() != null
        ? "writes after the snapshot accepted in spec (" + fence.getResult() + ")"
        : "no write reached the source since the snapshot baseline of " + fence.getBaselineAt();
  }

  private static boolean heldEarlier(MigrationContext ctx) {
    VerificationStatus v = ctx.status().getVerification();
    return v != null && v.getFinishedAt() != null && ctx.status().getWriteFence() != null
        && ctx.status().getWriteFence().getChecks().stream().anyMatch(c -> NAME.equals(c.getStep()));
  }

  @Override
  public List<String> plan(MigrationContext ctx) {
    VerificationSpec spec = ctx.spec().getVerification() == null ? new VerificationSpec() : ctx.spec().getVerification();
    int workers = spec.getParallelism() == null ? 4 : spec.getParallelism();
    return List.of(
        "sql (source and target at once): SELECT count(*) for each user table"
            + (spec.isChecksums() ? ", and a checksum of all rows" : "")
            + ", " + workers + " worker(s), large tables split into primary-key ranges",
        VerificationEstimate.line(ctx, spec, workers),
        WriteFence.planCheck());
  }

  private static String describe(TableComparison t) {
    String counts = t.missingOnTarget()
        ? "missing on target"
        : t.sourceRows() == t.targetRows() ? "checksum differs" : "rows " + t.sourceRows() + " vs " + t.targetRows();
    return t.database() + "." + t.table() + " (" + counts + ")";
  }

  private static void record(MigrationContext ctx, List<TableComparison> tables) {
    VerificationStatus status = new VerificationStatus();
    status.setTablesCompared(tables.size());
    status.setMismatches((int) tables.stream().filter(t -> !t.matches()).count());
    // A status object must stay well under etcd's size limit: differing tables first, then the rest up to a cap.
    status.setTables(
        tables.stream()
            .sorted(java.util.Comparator.comparing(TableComparison::matches))
            .limit(MAX_TABLES_IN_STATUS)
            .map(VerifyStep::toStatus)
            .toList());
    status.setFinishedAt(ctx.now().toString());
    ctx.status().setVerification(status);
  }

  private static TableVerification toStatus(TableComparison t) {
    TableVerification v = new TableVerification();
    v.setDatabase(t.database());
    v.setTable(t.table());
    v.setSourceRows(t.sourceRows());
    v.setTargetRows(t.targetRows());
    v.setSourceChecksum(t.sourceChecksum());
    v.setTargetChecksum(t.targetChecksum());
    v.setMatches(t.matches());
    return v;
  }
}
