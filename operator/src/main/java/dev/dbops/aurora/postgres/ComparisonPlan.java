package dev.dbops.aurora.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What one database's comparison reads: its user tables, each whole or, when large and keyed by a
 * primary key, as key ranges, largest piece first so the last piece to finish is a small one.
 */
final class ComparisonPlan {

  /** A user table of the source, its size and the planner's row estimate. */
  record Table(String schema, String name, long bytes, double estimatedRows) {
    String qualified() {
      return schema + "." + name;
    }

    String quoted() {
      return QuotedIdentifier.qualified(schema, name);
    }
  }

  /** One piece of work: a range of a table, read on the source and (when it exists there) the target. */
  record Job(Table table, KeyRanges.Range range, boolean onTarget, long bytes) {}

  /** Never more ranges per table than this: each costs a statement per side. */
  static final int MAX_RANGES = 64;

  private static final String USER_TABLES =
      """
      SELECT n.nspname, c.relname, pg_relation_size(c.oid), c.reltuples
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r'
        AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname NOT LIKE 'pg\\_%'
        AND NOT EXISTS (SELECT 1 FROM pg_depend d
                        WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
      ORDER BY 1, 2
      """;

  private ComparisonPlan() {}

  static List<Table> userTables(Connection connection) throws SQLException {
    List<Table> tables = new ArrayList<>();
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(USER_TABLES)) {
      while (rs.next()) {
        tables.add(new Table(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getDouble(4)));
      }
    }
    return tables;
  }

  /**
   * Tables of at least {@code splitBytes} are split into key ranges, enough that each is about
   * splitBytes and that every worker has one (with one worker a split gains nothing and is skipped).
   *
   * @param targetTables schema.table names present on the target
   */
  static List<Job> jobs(Connection source, List<Table> tables, Set<String> targetTables, int parallelism, long splitBytes)
      throws SQLException {
    List<Job> jobs = new ArrayList<>();
    for (Table table : tables) {
      boolean onTarget = targetTables.contains(table.qualified());
      int wanted = parallelism < 2 || !onTarget || table.bytes() < splitBytes
          ? 1
          : (int) Math.min(MAX_RANGES, Math.max(parallelism, divideRoundingUp(table.bytes(), splitBytes)));
      List<KeyRanges.Range> ranges = wanted == 1
          ? List.of(KeyRanges.Range.WHOLE_TABLE)
          : KeyRanges.split(source, table.quoted(), KeyRanges.primaryKey(source, table.quoted()), wanted,
              table.estimatedRows(), table.bytes());
      for (KeyRanges.Range range : ranges) {
        jobs.add(new Job(table, range, onTarget, table.bytes() / ranges.size()));
      }
    }
    jobs.sort(Comparator.comparingLong(Job::bytes).reversed());
    return jobs;
  }

  static Set<String> names(List<Table> tables) {
    Set<String> names = new HashSet<>();
    tables.forEach(t -> names.add(t.qualified()));
    return names;
  }

  private static long divideRoundingUp(long a, long b) {
    return (a + b - 1) / b;
  }
}
