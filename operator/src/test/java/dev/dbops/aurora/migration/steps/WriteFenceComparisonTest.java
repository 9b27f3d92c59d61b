package dev.dbops.aurora.migration.steps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.model.migration.WriteFenceResult;
import dev.dbops.aurora.model.migration.WriteFenceStatus;
import dev.dbops.aurora.postgres.DatabaseWriteCounters;
import dev.dbops.aurora.postgres.TableWriteCounters;
import dev.dbops.aurora.postgres.WriteCounters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The baseline stays small in status, yet no write escapes the comparison. */
class WriteFenceComparisonTest {
  private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

  @Test
  void baselineKeepsAtMostTheCapOfTablesButExactDatabaseTotals() {
    List<TableWriteCounters> tables = new ArrayList<>(IntStream.range(0, 600)
        .mapToObj(i -> new TableWriteCounters("public.t" + i, 10, 1, 0)).toList());
    tables.add(new TableWriteCounters("pg_catalog.pg_shdepend", 0, 0, 0));

    WriteFenceStatus baseline = WriteFence.baselineOf(reading(tables, "seq-1", "reset-1"), NOW);

    assertThat(baseline.getTables()).hasSize(WriteFence.MAX_BASELINE_TABLES);
    assertThat(baseline.getTablesNotListed()).isEqualTo(100);
    assertThat(baseline.getDatabases()).singleElement().satisfies(d -> {
      assertThat(d.getInserts()).isEqualTo(6000);
      assertThat(d.getUpdates()).isEqualTo(600);
    });
  }

  @Test
  void writeToATableBeyondTheCapIsCountedThoughNotNamed() {
    List<TableWriteCounters> before = new ArrayList<>(IntStream.range(0, 600)
        .mapToObj(i -> new TableWriteCounters("public.t" + String.format("%03d", i), 10, 0, 0)).toList());
    WriteFenceStatus baseline = WriteFence.baselineOf(reading(before, "seq-1", "reset-1"), NOW);
    List<TableWriteCounters> after = new ArrayList<>(before);
    after.set(599, new TableWriteCounters("public.t599", 11, 0, 0));

    WriteFenceComparison comparison = WriteFenceComparison.of(baseline, reading(after, "seq-1", "reset-1"));

    assertThat(comparison.result()).isEqualTo(WriteFenceResult.WritesDetected);
    assertThat(comparison.writes()).isEqualTo(1);
    assertThat(comparison.tables()).isEmpty();
  }

  @Test
  void tableFirstWrittenAfterTheBaselineIsNamedWhenEveryWrittenTableIsListed() {
    WriteFenceStatus baseline = WriteFence.baselineOf(reading(List.of(
        new TableWriteCounters("public.orders", 5, 0, 0), new TableWriteCounters("public.notes", 0, 0, 0)), "s", "r"), NOW);

    WriteFenceComparison comparison = WriteFenceComparison.of(baseline, reading(List.of(
        new TableWriteCounters("public.orders", 5, 0, 0), new TableWriteCounters("public.notes", 1, 0, 0)), "s", "r"));

    assertThat(comparison.describe()).isEqualTo("1 row(s) written: app.public.notes (+1 inserted)");
  }

  @Test
  void countersLowerThanTheBaselineProveNothing() {
    WriteFenceStatus baseline = WriteFence.baselineOf(reading(List.of(new TableWriteCounters("public.orders", 5, 0, 0)), "s", "r"), NOW);

    WriteFenceComparison comparison = WriteFenceComparison.of(baseline,
        reading(List.of(new TableWriteCounters("public.orders", 0, 0, 0)), "s", "r"));

    assertThat(comparison.result()).isEqualTo(WriteFenceResult.Unprovable);
    assertThat(comparison.describe()).contains("went down since the baseline");
  }

  @Test
  void nothingChangedIsNoWrites() {
    List<TableWriteCounters> tables = List.of(new TableWriteCounters("public.orders", 5, 2, 1));
    WriteFenceStatus baseline = WriteFence.baselineOf(reading(tables, "s", "r"), NOW);

    assertThat(WriteFenceComparison.of(baseline, reading(tables, "s", "r")).result()).isEqualTo(WriteFenceResult.NoWritesDetected);
  }

  private static WriteCounters reading(List<TableWriteCounters> tables, String sequences, String statsReset) {
    return new WriteCounters(true, 1, 0, 100, "2026-11-01 00:00:00+00", 0, 0,
        List.of(new DatabaseWriteCounters("app", statsReset, sequences, 0, tables)));
  }
}
