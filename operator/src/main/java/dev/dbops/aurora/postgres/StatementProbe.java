package dev.dbops.aurora.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.postgresql.core.Parser;

/**
 * PREPARE, EXPLAIN (generic plan) and DEALLOCATE of one statement at a time on one connection, inside a
 * READ ONLY transaction that is rolled back at the end: PREPARE parses and analyses (so a removed
 * function, operator or type fails with its SQLSTATE) without executing, EXPLAIN without ANALYZE plans
 * without executing, and the read-only transaction refuses a write should anything try one.
 */
final class StatementProbe {
  static final String NAME = "aurora_operator_check";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Connection connection;

  private StatementProbe(Connection connection) {
    this.connection = connection;
  }

  static StatementProbe open(Connection c) throws SQLException {
    c.setAutoCommit(false);
    // The driver begins each transaction READ ONLY from here on.
    c.setReadOnly(true);
    try (Statement s = c.createStatement()) {
      s.execute("SET LOCAL statement_timeout = '10s'");
      s.execute("SET LOCAL lock_timeout = '2s'");
      // A generic plan does not depend on the arguments, so NULLs stand in for them (PostgreSQL 12+).
      s.execute("SET LOCAL plan_cache_mode = force_generic_plan");
    }
    return new StatementProbe(c);
  }

  /** The outcome of preparing and explaining one statement. */
  record Result(String sqlState, String message, List<String> parameterTypes, Optional<PlanSummary> plan) {
    boolean failed() {
      return sqlState != null;
    }
  }

  /**
   * The driver would split text at a semicolon and send each part; PREPARE takes one statement, so text
   * holding several is not sent at all.
   */
  static Optional<String> notASingleStatement(String text) {
    try {
      int parts = Parser.parseJdbcSql(text, true, false, true, false, false).size();
      return parts == 1 ? Optional.empty() : Optional.of("holds " + parts + " statements; PREPARE takes one");
    } catch (SQLException e) {
      return Optional.of("cannot be split into statements: " + e.getMessage());
    }
  }

  /** @param types the parameter types to declare (the source's), or empty to let the server infer them */
  Result probe(String text, Optional<List<String>> types) throws SQLException {
    Savepoint before = connection.setSavepoint();
    boolean prepared = false;
    try (Statement s = connection.createStatement()) {
      String declared = types.filter(t -> !t.isEmpty()).map(t -> "(" + String.join(", ", t) + ")").orElse("");
      s.execute("PREPARE " + NAME + declared + " AS " + text);
      prepared = true;
      List<String> parameterTypes = parameterTypes(s);
      Optional<PlanSummary> plan = explain(s, parameterTypes.size());
      s.execute("DEALLOCATE " + NAME);
      connection.releaseSavepoint(before);
      return new Result(null, null, parameterTypes, plan);
    } catch (SQLException e) {
      connection.rollback(before);
      if (prepared) {
        // A prepared statement outlives the rollback of the savepoint it was made in.
        try (Statement s = connection.createStatement()) {
          s.execute("DEALLOCATE " + NAME);
        }
      }
      return new Result(e.getSQLState() == null ? "XX000" : e.getSQLState(), serverMessage(e), List.of(), Optional.empty());
    }
  }

  /** A run's digest, or why there is none ("SQLSTATE 25006: cannot execute UPDATE in a read-only transaction"). */
  record Run(Optional<ResultDigest> digest, String problem) {}

  /**
   * Executes a parameterless read inside this READ ONLY transaction, bounded by {@code timeout}, and
   * digests its rows as they stream in. The read-only transaction is what stops a write hidden in it (a
   * data-modifying WITH, a volatile function that writes): the server refuses it with 25006.
   */
  Run run(String text, java.time.Duration timeout) throws SQLException {
    Savepoint before = connection.setSavepoint();
    try (Statement s = connection.createStatement()) {
      s.execute("SET LOCAL statement_timeout = " + Math.max(1, timeout.toMillis()));
      s.setEscapeProcessing(false);
      // Fetched in batches (a cursor, as the transaction is open): a large result never sits in memory.
      s.setFetchSize(1000);
      ResultDigest digest;
      try (ResultSet rs = s.executeQuery(text)) {
        digest = ResultDigest.of(rs);
      }
      s.execute("SET LOCAL statement_timeout = '10s'");
      connection.releaseSavepoint(before);
      return new Run(Optional.of(digest), null);
    } catch (SQLException e) {
      // Rolling back to the savepoint also undoes the SET LOCAL above.
      connection.rollback(before);
      return new Run(Optional.empty(), "SQLSTATE " + (e.getSQLState() == null ? "XX000" : e.getSQLState()) + ": "
          + serverMessage(e));
    }
  }

  private static List<String> parameterTypes(Statement s) throws SQLException {
    try (ResultSet rs = s.executeQuery(
        "SELECT parameter_types::text[] FROM pg_prepared_statements WHERE name = '" + NAME + "'")) {
      rs.next();
      Array array = rs.getArray(1);
      return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
  }

  private static Optional<PlanSummary> explain(Statement s, int parameters) throws SQLException {
    String arguments = parameters == 0 ? "" : "(" + String.join(", ", Collections.nCopies(parameters, "NULL")) + ")";
    try (ResultSet rs = s.executeQuery("EXPLAIN (FORMAT JSON) EXECUTE " + NAME + arguments)) {
      rs.next();
      JsonNode plan = JSON.readTree(rs.getString(1)).path(0).path("Plan");
      if (plan.isMissingNode()) {
        return Optional.empty();
      }
      return Optional.of(new PlanSummary(nodePath(plan), plan.path("Total Cost").asDouble()));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return Optional.empty();
    }
  }

  /**
   * The top node and its first descendants, e.g. "Aggregate > Seq Scan": the top node alone is often
   * the same on both sides while the scan beneath it changed.
   */
  private static String nodePath(JsonNode plan) {
    List<String> nodes = new java.util.ArrayList<>();
    for (JsonNode node = plan; !node.isMissingNode() && nodes.size() < 4; node = node.path("Plans").path(0)) {
      nodes.add(node.path("Node Type").asText());
    }
    return String.join(" > ", nodes);
  }

  /** The server's first message line, without the driver's "ERROR:" prefix and position. */
  private static String serverMessage(SQLException e) {
    if (e instanceof org.postgresql.util.PSQLException p && p.getServerErrorMessage() != null) {
      return p.getServerErrorMessage().getMessage();
    }
    String m = String.valueOf(e.getMessage());
    int line = m.indexOf('\n');
    return line < 0 ? m : m.substring(0, line);
  }

  /** Ends the read-only transaction; nothing in it is kept. */
  void close() throws SQLException {
    connection.rollback();
  }
}
