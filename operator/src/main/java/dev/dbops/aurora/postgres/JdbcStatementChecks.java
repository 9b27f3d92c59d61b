package dev.dbops.aurora.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link StatementChecks} over JDBC: pg_stat_statements on the source, {@link StatementProbe} on both sides. */
final class JdbcStatementChecks implements StatementChecks {
  /** Statements PREPARE accepts; utility statements (SET, BEGIN, VACUUM, DDL …) are left out. */
  static final String PLANNABLE = "^\\s*\\(*\\s*(select|insert|update|delete|with|values|table)\\M";

  @Override
  public StatementSample collect(PostgresServer source, String database, int limit) {
    try (Connection c = source.connect(database)) {
      String sql = "WITH s AS (" + statementsByQueryId(c) + ") "
          + "SELECT * FROM (SELECT * FROM s ORDER BY millis DESC, queryid LIMIT ?) by_time "
          + "UNION SELECT * FROM (SELECT * FROM s ORDER BY calls DESC, queryid LIMIT ?) by_calls "
          + "ORDER BY millis DESC, queryid";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setInt(1, limit);
        ps.setInt(2, limit);
        List<AppStatement> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new AppStatement(rs.getString(1), database, rs.getString(2), rs.getLong(3), rs.getDouble(4)));
          }
        }
        return new StatementSample(out, Optional.empty());
      }
    } catch (SQLException e) {
      Optional<String> warning = unreadable(database, e);
      if (warning.isPresent()) {
        return new StatementSample(List.of(), warning);
      }
      throw PostgresException.of("cannot read pg_stat_statements in database " + database, e);
    }
  }

  /**
   * 42P01: the extension is not created in this database; 55000: its library is not preloaded; any
   * other refusal but a connection problem: a warning too.
   */
  private static Optional<String> unreadable(String database, SQLException e) {
    if ("42P01".equals(e.getSQLState())) {
      return Optional.of("database " + database + " has no pg_stat_statements, so its statements were not checked: run "
          + "CREATE EXTENSION pg_stat_statements in it (on Aurora PostgreSQL the library is in "
          + "shared_preload_libraries by default), let the applications run, then check again");
    }
    if ("55000".equals(e.getSQLState())) {
      return Optional.of("database " + database + ": pg_stat_statements is not loaded (add it to "
          + "shared_preload_libraries in the cluster parameter group and restart), so its statements were not checked");
    }
    if (e.getSQLState() != null && !e.getSQLState().startsWith("08")) {
      // E.g. no privilege on the view: the check cannot see the statements, which is no reason to roll
      // the migration back; a lost connection (class 08) is retried instead.
      return Optional.of("database " + database + ": cannot read pg_stat_statements (SQLSTATE " + e.getSQLState()
          + "), so its statements were not checked");
    }
    return Optional.empty();
  }

  @Override
  public WorkloadFigures workload(PostgresServer server, String database, int top) {
    try (Connection c = server.connect(database)) {
      String s = statementsByQueryId(c);
      String writes = "query ~* '^\\s*\\(*\\s*(insert|update|delete|merge)\\M' "
          + "OR (query ~* '^\\s*with\\M' AND query ~* '\\m(insert|update|delete|merge)\\M')";
      long reads;
      long written;
      try (PreparedStatement ps = c.prepareStatement("WITH s AS (" + s + ") SELECT "
          + "coalesce(sum(calls) FILTER (WHERE NOT (" + writes + ")), 0)::bigint, "
          + "coalesce(sum(calls) FILTER (WHERE " + writes + "), 0)::bigint FROM s");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        reads = rs.getLong(1);
        written = rs.getLong(2);
      }
      List<AppStatement> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("WITH s AS (" + s + ") SELECT * FROM s ORDER BY millis DESC, queryid LIMIT ?")) {
        ps.setInt(1, top);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new AppStatement(rs.getString(1), database, rs.getString(2), rs.getLong(3), rs.getDouble(4)));
          }
        }
      }
      return new WorkloadFigures(reads, written, out, Optional.empty());
    } catch (SQLException e) {
      Optional<String> warning = unreadable(database, e);
      if (warning.isPresent()) {
        return new WorkloadFigures(0, 0, List.of(), warning);
      }
      throw PostgresException.of("cannot read pg_stat_statements in database " + database, e);
    }
  }

  /** One row per queryid of this database, the connecting role's and utility statements left out. */
  private static String statementsByQueryId(Connection c) throws SQLException {
    // 13 split total_time into planning and execution; 11 and 12 still call it total_time.
    String time = c.getMetaData().getDatabaseMajorVersion() >= 13 ? "total_exec_time + total_plan_time" : "total_time";
    return "SELECT queryid::text AS queryid, min(query) AS query, sum(calls)::bigint AS calls, "
        + "sum(" + time + ") AS millis FROM pg_stat_statements "
        + "WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) "
        + "AND userid <> (SELECT oid FROM pg_roles WHERE rolname = current_user) "
        + "AND queryid IS NOT NULL AND query ~* '" + PLANNABLE + "' GROUP BY queryid";
  }

  /** Reads whose results may be compared; anything else is never run, even in a read-only transaction. */
  private static final java.util.regex.Pattern READ = java.util.regex.Pattern.compile(
      "(?is)(\\s|--[^\\n]*(\\n|$)|/\\*.*?\\*/)*\\(*\\s*(select|values|table|with)\\b.*");

  @Override
  public List<StatementOutcome> check(
      PostgresServer source, PostgresServer target, String database, List<AppStatement> statements) {
    return check(source, target, database, statements, Optional.empty());
  }

  @Override
  public List<StatementOutcome> check(PostgresServer source, PostgresServer target, String database,
      List<AppStatement> statements, Optional<java.time.Duration> resultTimeout) {
    try (Connection s = source.connect(database); Connection t = target.connect(database)) {
      StatementProbe onSource = StatementProbe.open(s);
      StatementProbe onTarget = StatementProbe.open(t);
      List<StatementOutcome> out = new ArrayList<>();
      for (AppStatement statement : statements) {
        StatementOutcome outcome = check(statement, onSource, onTarget);
        if (resultTimeout.isPresent() && comparable(outcome)) {
          outcome = withResults(outcome, onSource, onTarget, resultTimeout.get());
        }
        out.add(outcome);
      }
      onSource.close();
      onTarget.close();
      return out;
    } catch (SQLException e) {
      throw PostgresException.of("cannot check statements in database " + database, e);
    }
  }

  /** Both sides prepared it, it has no parameter and it reads: worth running on both. */
  private static boolean comparable(StatementOutcome outcome) {
    return outcome.verdict() == StatementOutcome.Verdict.PREPARED && outcome.parameterless()
        && READ.matcher(outcome.statement().text()).matches();
  }

  private static StatementOutcome withResults(StatementOutcome outcome, StatementProbe source, StatementProbe target,
      java.time.Duration timeout) throws SQLException {
    StatementProbe.Run onSource = source.run(outcome.statement().text(), timeout);
    StatementProbe.Run onTarget = onSource.digest().isPresent()
        ? target.run(outcome.statement().text(), timeout) : new StatementProbe.Run(Optional.empty(), null);
    ResultComparison results;
    if (onSource.digest().isEmpty()) {
      results = ResultComparison.notCompared("on the source " + onSource.problem());
    } else if (onTarget.digest().isEmpty()) {
      results = ResultComparison.notCompared("on the target " + onTarget.problem());
    } else {
      results = ResultComparison.compared(onSource.digest().get(), onTarget.digest().get());
    }
    return new StatementOutcome(outcome.statement(), outcome.verdict(), outcome.sqlState(), outcome.message(),
        outcome.sourcePlan(), outcome.targetPlan(), Optional.of(results), true);
  }

  private static StatementOutcome check(AppStatement statement, StatementProbe source, StatementProbe target)
      throws SQLException {
    Optional<String> notSingle = StatementProbe.notASingleStatement(statement.text());
    if (notSingle.isPresent()) {
      return new StatementOutcome(statement, StatementOutcome.Verdict.NOT_CHECKABLE, null, notSingle.get(),
          Optional.empty(), Optional.empty());
    }
    StatementProbe.Result onSource = source.probe(statement.text(), Optional.empty());
    if (onSource.failed()) {
      // The source runs this statement, so a refusal here says PREPARE cannot judge it (uninferable
      // parameter types, 42P18; text pg_stat_statements normalized beyond parsing, such as "point $1").
      return new StatementOutcome(statement, StatementOutcome.Verdict.NOT_CHECKABLE, onSource.sqlState(),
          "the source refuses it too: " + onSource.message(), Optional.empty(), Optional.empty());
    }
    StatementProbe.Result onTarget = target.probe(statement.text(), Optional.of(onSource.parameterTypes()));
    if (onTarget.failed()) {
      return new StatementOutcome(statement, StatementOutcome.Verdict.FAILED, onTarget.sqlState(), onTarget.message(),
          onSource.plan(), Optional.empty());
    }
    return new StatementOutcome(statement, StatementOutcome.Verdict.PREPARED, null, null, onSource.plan(), onTarget.plan(),
        Optional.empty(), onSource.parameterTypes().isEmpty());
  }
}
