package dev.dbops.aurora.testing;

import dev.dbops.aurora.postgres.QuotedIdentifier;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyOut;

/**
 * Copies the rows of every user table from one database to another whose tables already exist: COPY
 * out of the source streamed straight into COPY in on the target, chunk by chunk, and sequences set to
 * the source's values; the schema comes from the same DDL on both sides (see {@link SampleSchema}).
 * Only the comparison tests use it, to get two equal databases on different majors. It is no stand-in
 * for a snapshot (no roles, settings or catalogs travel): migrations run on {@code testing.aurora.LocalAurora}.
 */
public final class DatabaseCopier {

  private DatabaseCopier() {}

  /** Returns the number of rows copied. The target connection must be a superuser's (triggers off). */
  public static long copy(Connection source, Connection target) throws SQLException {
    long rows = 0;
    try (Statement s = target.createStatement()) {
      // Foreign keys are enforced by triggers; replica mode skips them so table order does not matter.
      s.execute("SET session_replication_role = replica");
    }
    try {
      for (String table : userTables(source)) {
        rows += copyTable(source, target, table);
      }
      copySequences(source, target);
    } finally {
      try (Statement s = target.createStatement()) {
        s.execute("SET session_replication_role = origin");
      }
    }
    return rows;
  }

  private static long copyTable(Connection source, Connection target, String table) throws SQLException {
    CopyOut out = source.unwrap(PGConnection.class).getCopyAPI()
        .copyOut("COPY (SELECT * FROM ONLY " + table + ") TO STDOUT (FORMAT binary)");
    CopyIn in = target.unwrap(PGConnection.class).getCopyAPI()
        .copyIn("COPY " + table + " FROM STDIN (FORMAT binary)");
    try {
      for (byte[] chunk = out.readFromCopy(); chunk != null; chunk = out.readFromCopy()) {
        in.writeToCopy(chunk, 0, chunk.length);
      }
      return in.endCopy();
    } catch (SQLException e) {
      if (in.isActive()) {
        in.cancelCopy();
      }
      throw e;
    }
  }

  private static void copySequences(Connection source, Connection target) throws SQLException {
    List<String[]> sequences = new ArrayList<>();
    try (Statement s = source.createStatement();
        ResultSet rs = s.executeQuery(
            "SELECT schemaname, sequencename, last_value FROM pg_sequences WHERE last_value IS NOT NULL")) {
      while (rs.next()) {
        sequences.add(new String[] {QuotedIdentifier.qualified(rs.getString(1), rs.getString(2)), rs.getString(3)});
      }
    }
    try (var set = target.prepareStatement("SELECT setval(?::regclass, ?)")) {
      for (String[] sequence : sequences) {
        set.setString(1, sequence[0]);
        set.setLong(2, Long.parseLong(sequence[1]));
        set.executeQuery().close();
      }
    }
  }

  private static List<String> userTables(Connection connection) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery(
            """
            SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND n.nspname NOT LIKE 'pg\\_%'
              AND NOT EXISTS (SELECT 1 FROM pg_depend d
                              WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
            ORDER BY 1, 2
            """)) {
      while (rs.next()) {
        tables.add(QuotedIdentifier.qualified(rs.getString(1), rs.getString(2)));
      }
    }
    return tables;
  }
}
