package dev.dbops.aurora.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the database-wide {@code default_transaction_read_only = on} settings in pg_db_role_setting. The
 * catalog is shared by the whole cluster, so a storage-level snapshot carries these settings to the
 * restored cluster; reading them back is how the operator proves what it set, and what it removed.
 */
final class ReadOnlySettings {
  private ReadOnlySettings() {}

  /**
   * Those of {@code databases} that carry the setting for every role (setrole = 0), in the given order.
   * A per-role setting is not counted: other roles would still start writable.
   */
  static List<String> databasesReadOnly(Connection c, List<String> databases) throws SQLException {
    String sql =
        """
        SELECT d.datname FROM pg_database d
        WHERE d.datname = ANY (?)
          AND EXISTS (SELECT 1 FROM pg_db_role_setting s
                      WHERE s.setdatabase = d.oid AND s.setrole = 0
                        AND 'default_transaction_read_only=on' = ANY (s.setconfig))
        """;
    List<String> found = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setArray(1, c.createArrayOf("text", databases.toArray()));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          found.add(rs.getString(1));
        }
      }
    }
    return databases.stream().filter(found::contains).toList();
  }
}
