package dev.dbops.aurora.postgres;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Row count and checksum of a table, or of one key range of it, computed by the server in one scan.
 *
 * <p>The checksum is the exact (numeric) sum over all rows of {@code hashtextextended(row text, 0)}, a
 * 64-bit hash. A sum does not depend on row order, so no sort is needed and one number per range crosses
 * the network. Why this hash: it costs about what {@code hashtext} costs (the cheapest full-content hash
 * the server has) while md5 per row, cut to 64 bits and summed as numeric, costs about 1.7× that
 * (issue 12: 6.1 s against 3.6 s for 313 MB). The collision resistance that matters here is the same 64
 * bits as before: a changed, missing or extra row goes unseen only if the hash differences sum to exactly
 * zero, about 2^-64 for changes that are not crafted against the hash; md5's cryptographic strength was
 * not used, as a sum of truncated digests is forgeable anyway, and the row counts are compared besides.
 * The hash is stable across major versions and pg_upgrade because hash partitioning depends on it
 * (PostgreSQL 11 and later have it; no source older than 11 is migrated).
 */
final class RowChecksum {

  /** Figures of one range; {@code checksum} is null when not computed. */
  record Figures(long rows, BigInteger checksum) {}

  private RowChecksum() {}

  static String sql(String qualifiedTable, String condition, boolean checksums) {
    // ONLY: a parent's rows are compared once, not again through its inheritance children.
    String from = " FROM ONLY " + qualifiedTable + " AS t WHERE " + condition;
    return checksums
        ? "SELECT count(*), coalesce(sum(hashtextextended(t::text, 0)), 0)" + from
        : "SELECT count(*), NULL" + from;
  }

  static Figures read(Connection connection, String qualifiedTable, KeyRanges.Range range, boolean checksums)
      throws SQLException {
    try (PreparedStatement s = connection.prepareStatement(sql(qualifiedTable, range.condition(), checksums))) {
      List<String> values = range.values();
      for (int i = 0; i < values.size(); i++) {
        s.setString(i + 1, values.get(i));
      }
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return new Figures(rs.getLong(1), checksums ? new BigInteger(rs.getString(2)) : null);
      }
    }
  }
}
