package dev.dbops.aurora.postgres;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.postgresql.core.NativeQuery;
import org.postgresql.core.Parser;

/**
 * A .sql file split into statements at the semicolons psql would split at: not inside quotes, quoted
 * identifiers, dollar quotes or comments. The split is the PostgreSQL JDBC driver's own (the one it
 * uses for multi-statement text), so no second SQL lexer lives here. psql meta-commands (\set …) are
 * not understood: they stay in the text, and PREPARE then refuses it.
 */
public final class SqlScript {
  /** Whitespace and comments only: a fragment left between two semicolons or after the last one. */
  private static final Pattern NOTHING = Pattern.compile("(?s)(\\s|--[^\\n]*(\\n|$)|/\\*.*?\\*/)*");

  private SqlScript() {}

  public static List<String> statements(String script) {
    List<NativeQuery> parts;
    try {
      parts = Parser.parseJdbcSql(script, true, false, true, false, false);
    } catch (SQLException e) {
      throw new IllegalArgumentException("cannot split into statements: " + e.getMessage(), e);
    }
    List<String> out = new ArrayList<>();
    for (NativeQuery part : parts) {
      if (!NOTHING.matcher(part.nativeSql).matches()) {
        out.add(part.nativeSql.strip());
      }
    }
    return out;
  }
}
