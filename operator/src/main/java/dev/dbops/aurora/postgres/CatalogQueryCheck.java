package dev.dbops.aurora.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A check that is one catalog query: each row it returns (schema, object, detail) is a finding. The
 * schema column may be null for objects outside schemas (languages). Cluster-wide checks (databases,
 * prepared transactions, replication slots) run once with no database, and name objects by themselves.
 *
 * @param changedIn first major version that breaks; 0 for "any major upgrade" (pg_upgrade limits)
 * @param message format string taking the object and the detail
 */
public record CatalogQueryCheck(
    String id, boolean blocker, int changedIn, String sql, String message, String advice)
    implements IncompatibilityCheck {

  @Override
  public boolean appliesTo(int sourceMajor, int targetMajor) {
    if (targetMajor <= sourceMajor) {
      return false;
    }
    return changedIn == 0 || (sourceMajor < changedIn && changedIn <= targetMajor);
  }

  @Override
  public List<SchemaFinding> findIn(Connection connection, String database) throws SQLException {
    List<SchemaFinding> findings = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        String schema = rows.getString(1);
        String object = (database == null ? "" : database + ".") + (schema == null ? "" : schema + ".")
            + rows.getString(2);
        String detail = rows.getString(3);
        findings.add(new SchemaFinding(id, blocker, object, message.formatted(rows.getString(2), detail), advice));
      }
    }
    return findings;
  }
}
