package dev.dbops.aurora.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.testing.EmbeddedPostgresServers;
import dev.dbops.aurora.testing.EmbeddedPostgresServers.Started;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Large tables read as primary-key ranges, on 13 and 15 at once: the split must neither hide a changed,
 * missing or extra row (least of all one on a boundary) nor invent a difference.
 */
class KeyRangeComparisonTest {
  /** Every table here is "large": any table of a page or more is split. */
  private static final long SPLIT_BYTES = 8192;
  private static final int WORKERS = 4;

  private final Started source = EmbeddedPostgresServers.source();
  private final Started target = EmbeddedPostgresServers.target();
  private final JdbcDataComparison splitting = new JdbcDataComparison(SPLIT_BYTES);

  private static final String TABLES =
      """
      CREATE TABLE public.single (id bigint PRIMARY KEY, note text, amount numeric);
      INSERT INTO public.single SELECT g, 'row ' || g, g * 1.5 FROM generate_series(1, 20000) g;
      CREATE TABLE public.composite (a int, b int, payload text, PRIMARY KEY (a, b));
      INSERT INTO public.composite SELECT g % 7, g, md5(g::text) FROM generate_series(1, 20000) g;
      CREATE TABLE public.no_key (id int, note text);
      INSERT INTO public.no_key SELECT g, 'x' || g FROM generate_series(1, 20000) g;
      CREATE TABLE public.text_key (code text PRIMARY KEY, n int);
      INSERT INTO public.text_key SELECT 'k' || g, g FROM generate_series(1, 20000) g;
      ANALYZE;
      """;

  private void sameOnBothSides(String db) throws SQLException {
    for (Started side : List.of(source, target)) {
      side.recreateDatabase(db);
      try (Connection c = side.connect(db); Statement s = c.createStatement()) {
        s.execute(TABLES);
      }
    }
  }

  private List<TableComparison> compare(String db) {
    return splitting.compare(source.server(), target.server(), List.of(db), true, WORKERS, Set.of());
  }

  private void onTarget(String db, String sql) throws SQLException {
    try (Connection c = target.connect(db); Statement s = c.createStatement()) {
      assertThat(s.executeUpdate(sql)).as(sql).isEqualTo(1);
    }
  }

  /** The ranges the comparison reads for {@code table}, planned on the source as it plans them. */
  private List<KeyRanges.Range> ranges(String db, String table) throws SQLException {
    try (Connection c = source.connect(db)) {
      ComparisonPlan.Table planned = ComparisonPlan.userTables(c).stream()
          .filter(t -> t.qualified().equals(table)).findFirst().orElseThrow();
      return ComparisonPlan.jobs(c, List.of(planned), Set.of(table), WORKERS, SPLIT_BYTES).stream()
          .map(ComparisonPlan.Job::range).toList();
    }
  }

  /** The first boundary's key values (the start of the second range). */
  private List<String> firstBoundary(String db, String table) throws SQLException {
    List<KeyRanges.Range> ranges = ranges(db, table);
    assertThat(ranges).as("ranges of " + table).hasSizeGreaterThanOrEqualTo(WORKERS);
    return ranges.get(0).values();
  }

  @Test
  void largeTablesWithAnOrderedKeyAreSplitOthersAreReadWhole() throws SQLException {
    sameOnBothSides("ranges_plan");

    assertThat(ranges("ranges_plan", "public.single")).hasSizeGreaterThanOrEqualTo(WORKERS);
    assertThat(ranges("ranges_plan", "public.composite")).hasSizeGreaterThanOrEqualTo(WORKERS)
        .allSatisfy(r -> assertThat(r.condition()).contains("(\"a\", \"b\")"));
    // No primary key: no ranges; a text key could sort differently on the target: no ranges.
    assertThat(ranges("ranges_plan", "public.no_key")).containsExactly(KeyRanges.Range.WHOLE_TABLE);
    assertThat(ranges("ranges_plan", "public.text_key")).containsExactly(KeyRanges.Range.WHOLE_TABLE);
  }

  @Test
  void splitFiguresEqualWholeTableFiguresAndIdenticalCopiesMatch() throws SQLException {
    sameOnBothSides("ranges_same");

    List<TableComparison> split = compare("ranges_same");
    List<TableComparison> whole = new JdbcDataComparison(Long.MAX_VALUE)
        .compare(source.server(), target.server(), List.of("ranges_same"), true, 1, Set.of());

    assertThat(split).allSatisfy(t -> assertThat(t.matches()).as(t.toString()).isTrue());
    assertThat(split).extracting(TableComparison::sourceRows).containsOnly(20000L);
    assertThat(split).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(whole);
  }

  @Test
  void changedMissingAndExtraRowsAtRangeBoundariesAreFound() throws SQLException {
    sameOnBothSides("ranges_edges");
    long boundary = Long.parseLong(firstBoundary("ranges_edges", "public.single").get(0));
    List<String> compositeBoundary = firstBoundary("ranges_edges", "public.composite");

    // The row that starts the second range, the last row of the first, and one past the last key.
    onTarget("ranges_edges", "DELETE FROM public.single WHERE id = " + boundary);
    onTarget("ranges_edges", "UPDATE public.single SET note = 'changed' WHERE id = " + (boundary - 1));
    onTarget("ranges_edges", "UPDATE public.composite SET payload = 'changed' WHERE (a, b) = ("
        + compositeBoundary.get(0) + ", " + compositeBoundary.get(1) + ")");

    assertThat(compare("ranges_edges")).filteredOn(t -> !t.matches()).extracting(TableComparison::table)
        .containsExactly("public.composite", "public.single");
  }

  @Test
  void aChangeThatKeepsTheRowCountIsFoundInEveryKindOfTable() throws SQLException {
    sameOnBothSides("ranges_swap");
    // One row removed and another added on the target: counts equal, only the checksum can tell.
    for (String table : List.of("single", "no_key")) {
      onTarget("ranges_swap", "DELETE FROM public." + table + " WHERE id = 5");
      onTarget("ranges_swap", "INSERT INTO public." + table + " (id, note) VALUES (20001, 'extra')");
    }
    onTarget("ranges_swap", "UPDATE public.text_key SET n = -n WHERE code = 'k777'");

    assertThat(compare("ranges_swap")).filteredOn(t -> !t.matches())
        .allSatisfy(t -> assertThat(t.targetRows()).isEqualTo(t.sourceRows()))
        .extracting(TableComparison::table)
        .containsExactly("public.no_key", "public.single", "public.text_key");
  }

  @Test
  void anExtraRowBeyondTheLastBoundaryIsFound() throws SQLException {
    sameOnBothSides("ranges_extra");
    onTarget("ranges_extra", "INSERT INTO public.composite VALUES (99, 99, 'extra')");

    assertThat(compare("ranges_extra")).filteredOn(t -> !t.matches()).singleElement().satisfies(t -> {
      assertThat(t.table()).isEqualTo("public.composite");
      assertThat(t.targetRows()).isEqualTo(t.sourceRows() + 1);
    });
  }

  @Test
  void progressCountsEveryTableOnceWhenAllItsRangesAreRead() throws SQLException {
    sameOnBothSides("ranges_progress");
    ComparisonProgress progress = new ComparisonProgress();

    splitting.compare(source.server(), target.server(), List.of("ranges_progress"), true, WORKERS, Set.of(), progress);

    assertThat(progress.tables()).isEqualTo(4);
    assertThat(progress.tablesDone()).isEqualTo(4);
  }
}
