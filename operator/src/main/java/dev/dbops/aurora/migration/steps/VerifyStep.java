package dev.dbops.aurora.migration.steps;

import dev.dbops.aurora.migration.MigrationContext;
import dev.dbops.aurora.migration.MigrationStep;
import dev.dbops.aurora.migration.StepResult;
import dev.dbops.aurora.model.migration.TableVerification;
import dev.dbops.aurora.model.migration.VerificationSpec;
import dev.dbops.aurora.model.migration.VerificationStatus;
import dev.dbops.aurora.postgres.TableComparison;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Compares the target with the read-only source table by table (row counts, and checksums when asked).
 * The source cannot have changed since the snapshot, so any difference means the target is not a faithful
 * copy, and the migration stops before apps are moved.
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
    int parallelism = spec.getParallelism() == null ? 4 : spec.getParallelism();
    Set<String> excluded = spec.getExcludeTables() == null ? Set.of() : new HashSet<>(spec.getExcludeTables());
    List<String> databases = ctx.databases();
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
                            excluded));
    if (result.isEmpty()) {
      return StepResult.waiting("comparing source and target tables", ctx.timings().sqlPoll());
    }
    List<TableComparison> tables = result.get();
    record(ctx, tables);
    List<TableComparison> differing = tables.stream().filter(t -> !t.matches()).toList();
    if (!differing.isEmpty()) {
      return StepResult.failed(
          "VerificationFailed",
          differing.size() + " table(s) differ between source and target: "
              + String.join(", ", differing.stream().map(VerifyStep::describe).toList()));
    }
    return StepResult.done(
        tables.size() + " table(s) match" + (spec.isChecksums() ? " (row counts and checksums)" : " (row counts)"));
  }

  @Override
  public List<String> plan(MigrationContext ctx) {
    VerificationSpec spec = ctx.spec().getVerification();
    boolean checksums = spec != null && spec.isChecksums();
    return List.of(
        "sql (source and target): SELECT count(*) for each user table"
            + (checksums ? ", and a checksum of all rows" : "")
            + ", up to " + (spec == null || spec.getParallelism() == null ? 4 : spec.getParallelism())
            + " tables at once");
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
