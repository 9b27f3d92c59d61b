package dev.dbops.aurora.postgres;

import java.util.List;

/**
 * The application's own statements, read on the source and prepared on the target. Nothing here executes
 * a statement: each side works inside a READ ONLY transaction, statements are only prepared (parse and
 * analysis) and explained without ANALYZE, then deallocated.
 */
public interface StatementChecks {

  /**
   * The top {@code limit} statements of {@code database} by total time and the top {@code limit} by calls,
   * from pg_stat_statements; utility statements and those of the connecting (operator's) role are left
   * out. A missing extension gives an empty sample with a warning saying how to enable it.
   */
  StatementSample collect(PostgresServer source, String database, int limit);

  /**
   * Prepares each statement on the source (which gives the parameter types) and then, with those types,
   * on the target; explains both as generic plans.
   */
  List<StatementOutcome> check(PostgresServer source, PostgresServer target, String database, List<AppStatement> statements);

  /**
   * As {@link #check(PostgresServer, PostgresServer, String, List)}, and with {@code resultTimeout} also runs
   * each parameterless read (SELECT, VALUES, TABLE, WITH) both sides prepare, inside the READ ONLY
   * transaction, each run bounded by that statement_timeout, and compares row count and checksum.
   * Implementations that cannot run statements ignore it.
   */
  default List<StatementOutcome> check(PostgresServer source, PostgresServer target, String database,
      List<AppStatement> statements, java.util.Optional<java.time.Duration> resultTimeout) {
    return check(source, target, database, statements);
  }

  /**
   * The {@code top} statements of {@code database} by total time and the calls that read and that wrote,
   * leaving out utility statements and the connecting role's, as {@link #collect} does. A missing
   * extension gives empty figures with a warning.
   */
  WorkloadFigures workload(PostgresServer server, String database, int top);

  static StatementChecks jdbc() {
    return new JdbcStatementChecks();
  }
}
