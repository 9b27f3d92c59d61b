package dev.dbops.aurora.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** ALTER TABLE … REPLICA IDENTITY FULL, after reading pg_class.relreplident ('f' is FULL already). */
public final class JdbcReplicaIdentityFull implements ReplicaIdentityFull {
  private static final String IDENTITY = """
      SELECT c.relreplident FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p')""";

  @Override
  public Result apply(PostgresServer server, List<String> tables) {
    List<String> set = new ArrayList<>();
    List<String> already = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String qualified : tables) {
      String[] parts = qualified.split("\\.", 3);
      if (parts.length != 3) {
        missing.add(qualified);
        continue;
      }
      try (Connection c = server.connect(parts[0])) {
        String identity = identity(c, parts[1], parts[2]);
        if (identity == null) {
          missing.add(qualified);
        } else if ("f".equals(identity)) {
          already.add(qualified);
        } else {
          try (Statement st = c.createStatement()) {
            st.execute("ALTER TABLE " + QuotedIdentifier.of(parts[1]) + "." + QuotedIdentifier.of(parts[2])
                + " REPLICA IDENTITY FULL");
          }
          set.add(qualified);
        }
      } catch (SQLException e) {
        throw new PostgresException(e.getSQLState(), "setting REPLICA IDENTITY FULL on " + qualified + ": " + e.getMessage(), e);
      }
    }
    return new Result(set, already, missing);
  }

  private static String identity(Connection c, String schema, String table) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(IDENTITY)) {
      ps.setString(1, schema);
      ps.setString(2, table);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }
}
