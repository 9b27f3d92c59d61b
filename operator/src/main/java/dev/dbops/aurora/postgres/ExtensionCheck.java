package dev.dbops.aurora.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Installed extensions against what the target offers: one the target lacks blocks the upgrade;
 * one whose version differs from the target's default keeps its old version through pg_upgrade and
 * needs ALTER EXTENSION … UPDATE afterwards (the operator runs it in its post-upgrade step).
 */
public record ExtensionCheck(ExtensionCatalog target) implements IncompatibilityCheck {

  static final String UNAVAILABLE = "extensions-unavailable";
  static final String NEEDS_UPDATE = "extensions-need-update";

  @Override
  public String id() {
    return "extensions";
  }

  @Override
  public boolean appliesTo(int sourceMajor, int targetMajor) {
    return targetMajor > sourceMajor;
  }

  @Override
  public List<SchemaFinding> findIn(Connection connection, String database) throws SQLException {
    List<SchemaFinding> findings = new ArrayList<>();
    String sql =
        """
        SELECT e.extname, n.nspname, e.extversion, a.default_version
        FROM pg_extension e
        JOIN pg_namespace n ON n.oid = e.extnamespace
        LEFT JOIN pg_available_extensions a ON a.name = e.extname
        WHERE e.extname <> 'plpgsql'
        ORDER BY e.extname
        """;
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        String name = rows.getString(1);
        String object = database + "." + rows.getString(2) + "." + name;
        String installed = rows.getString(3);
        String sourceDefault = rows.getString(4);
        if (!target.offers(name)) {
          findings.add(new SchemaFinding(UNAVAILABLE, true, object,
              "extension %s %s is installed but not offered by %s".formatted(name, installed, target.origin()),
              "drop the extension (and what depends on it) or replace it before migrating"));
          continue;
        }
        // Compare with the target's default where known; else at least flag an extension that is
        // already behind on the source, as it will be as far behind after the upgrade.
        String expected = target.defaultVersion(name).orElse(sourceDefault);
        if (expected != null && !Objects.equals(installed, expected)) {
          findings.add(new SchemaFinding(NEEDS_UPDATE, false, object,
              "extension %s is at %s; %s offers %s".formatted(name, installed,
                  target.defaultVersion(name).isPresent() ? target.origin() : "the source", expected),
              "the operator runs ALTER EXTENSION " + name + " UPDATE after the upgrade; test the new version first"));
        }
      }
    }
    return findings;
  }
}
