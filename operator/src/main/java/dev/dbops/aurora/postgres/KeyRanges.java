package dev.dbops.aurora.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a large table into primary-key ranges so several workers can read it at once. Boundaries are
 * picked on the source from a block sample and used verbatim on both sides.
 *
 * <p>The ranges are {@code < b1}, {@code >= b1 AND < b2}, …, {@code >= bn} and a table's figures are
 * the sums over its ranges. Every row lies in at least one range whatever the boundaries (the last
 * boundary not above it starts a range it falls in; primary-key columns are NOT NULL); with boundaries in
 * ascending order on the server it lies in exactly one. The order is the server's: a key with a
 * collatable column (text) could sort differently on the target (another collation library), rows would
 * then count twice there and the table would be reported as differing although it does not, so such
 * tables are read whole. A sample that misses values only makes the ranges uneven.
 */
final class KeyRanges {

  /** One range: an SQL condition over the key with {@code ?} placeholders, and the values for them. */
  record Range(String condition, List<String> values) {
    static final Range WHOLE_TABLE = new Range("true", List.of());
  }

  /** A primary-key column: its quoted name, its type as format_type prints it, whether it has a collation. */
  record KeyColumn(String quotedName, String type, boolean collatable) {}

  /** Sample rows wanted per range: enough to place boundaries within a few percent. */
  private static final int SAMPLE_ROWS_PER_RANGE = 200;

  private static final String PRIMARY_KEY =
      """
      SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attcollation <> 0
      FROM pg_index i
      CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
      JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
      WHERE i.indrelid = to_regclass(?) AND i.indisprimary
      ORDER BY k.ord
      """;

  private KeyRanges() {}

  /** The primary key's columns in key order; empty for a table without one. */
  static List<KeyColumn> primaryKey(Connection connection, String qualifiedTable) throws SQLException {
    List<KeyColumn> columns = new ArrayList<>();
    try (PreparedStatement s = connection.prepareStatement(PRIMARY_KEY)) {
      s.setString(1, qualifiedTable);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          columns.add(new KeyColumn(QuotedIdentifier.of(rs.getString(1)), rs.getString(2), rs.getBoolean(3)));
        }
      }
    }
    return columns;
  }

  /**
   * Up to {@code ranges} ranges over {@code key}; one whole-table range when the table has no primary
   * key, a key with a collatable column, {@code ranges} is 1, or a sample with too few distinct keys.
   *
   * @param estimatedRows the planner's row estimate (reltuples; 0 or less when never analysed)
   * @param bytes the table's size, for an estimate when the planner has none
   */
  static List<Range> split(
      Connection source, String qualifiedTable, List<KeyColumn> key, int ranges, double estimatedRows, long bytes)
      throws SQLException {
    if (key.isEmpty() || ranges < 2 || key.stream().anyMatch(KeyColumn::collatable)) {
      return List.of(Range.WHOLE_TABLE);
    }
    List<List<String>> boundaries = boundaries(sample(source, qualifiedTable, key, ranges, estimatedRows, bytes), ranges);
    if (boundaries.isEmpty()) {
      return List.of(Range.WHOLE_TABLE);
    }
    String row = "(" + String.join(", ", key.stream().map(KeyColumn::quotedName).toList()) + ")";
    String literal = "(" + String.join(", ", key.stream().map(c -> "CAST(? AS " + c.type() + ")").toList()) + ")";
    List<Range> result = new ArrayList<>();
    result.add(new Range(row + " < " + literal, boundaries.get(0)));
    for (int i = 1; i < boundaries.size(); i++) {
      List<String> values = new ArrayList<>(boundaries.get(i - 1));
      values.addAll(boundaries.get(i));
      result.add(new Range(row + " >= " + literal + " AND " + row + " < " + literal, values));
    }
    result.add(new Range(row + " >= " + literal, boundaries.get(boundaries.size() - 1)));
    return result;
  }

  /**
   * Keys of a block sample (TABLESAMPLE SYSTEM reads only the sampled pages), in key order, as text.
   * REPEATABLE makes a retried verification pick the same ranges.
   */
  private static List<List<String>> sample(
      Connection source, String qualifiedTable, List<KeyColumn> key, int ranges, double estimatedRows, long bytes)
      throws SQLException {
    double rows = estimatedRows > 0 ? estimatedRows : Math.max(1, bytes / 100.0);
    double percent = Math.min(100, Math.max(0.0001, 100.0 * SAMPLE_ROWS_PER_RANGE * ranges / rows));
    // Qualified by the alias: an unqualified ORDER BY name would sort by the text output column.
    String columns = String.join(", ", key.stream().map(c -> "t." + c.quotedName()).toList());
    String texts = String.join(", ", key.stream().map(c -> "t." + c.quotedName() + "::text").toList());
    String sql = "SELECT " + texts + " FROM ONLY " + qualifiedTable + " AS t"
        + " TABLESAMPLE SYSTEM (" + String.format(Locale.ROOT, "%.6f", percent) + ") REPEATABLE (7)"
        + " ORDER BY " + columns;
    List<List<String>> keys = new ArrayList<>();
    try (Statement s = source.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        List<String> values = new ArrayList<>(key.size());
        for (int i = 1; i <= key.size(); i++) {
          values.add(rs.getString(i));
        }
        keys.add(values);
      }
    }
    return keys;
  }

  /** Evenly spaced, distinct sample keys: at most {@code ranges - 1} boundaries. */
  static List<List<String>> boundaries(List<List<String>> sortedKeys, int ranges) {
    List<List<String>> boundaries = new ArrayList<>();
    for (int i = 1; i < ranges; i++) {
      int index = (int) ((long) i * sortedKeys.size() / ranges);
      if (index <= 0 || index >= sortedKeys.size()) {
        continue;
      }
      List<String> candidate = sortedKeys.get(index);
      if (boundaries.isEmpty() || !boundaries.get(boundaries.size() - 1).equals(candidate)) {
        boundaries.add(candidate);
      }
    }
    return boundaries;
  }
}
