package dev.dbops.aurora.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the write counters of a source that should take no writes ({@link WriteCounters}). The order is
 * what makes the reading complete, each part measured on PostgreSQL 13:
 *
 * <ol>
 *   <li>note the next transaction id;
 *   <li>end every other session on the databases: a session reports its counts when it exits, but while
 *       it is busy, or idle after two writes less than 500 ms apart, it reports nothing (measured: a
 *       committed INSERT stayed invisible for as long as the session stayed idle, and showed 0.4 s after
 *       pg_terminate_backend);
 *   <li>wait until those sessions are gone, then {@link #STATS_SETTLE}: a backend reads a statistics file
 *       up to 500 ms old;
 *   <li>read the counters of every database, each on a fresh connection (a transaction keeps its first
 *       statistics snapshot);
 *   <li>read the next transaction id again: if it moved, a session that connected meanwhile may have
 *       written without reporting yet, so start over (ANALYZE moves it too: one id per table it writes
 *       statistics for, measured; VACUUM none).
 * </ol>
 */
final class WriteCounterReader {
  /** The statistics collector's 500 ms reporting interval, twice, for the exit reports to arrive. */
  static final Duration STATS_SETTLE = Duration.ofSeconds(1);

  static final int ATTEMPTS = 3;
  private static final Duration EXIT_WAIT = Duration.ofSeconds(10);

  private final JdbcPostgresServer server;
  private final String maintenanceDatabase;

  WriteCounterReader(JdbcPostgresServer server, String maintenanceDatabase) {
    this.server = server;
    this.maintenanceDatabase = maintenanceDatabase;
  }

  WriteCounters flushAndRead(List<String> databases) {
    if (databases.isEmpty()) {
      throw new IllegalArgumentException("no databases given");
    }
    WriteCounters reading = null;
    int endedSoFar = 0;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      // A session ended by an earlier attempt is gone by the next one: the count covers every attempt.
      reading = readOnce(databases, attempt, endedSoFar);
      endedSoFar = reading.sessionsEnded();
      if (reading.settled()) {
        return reading;
      }
    }
    return reading;
  }

  private WriteCounters readOnce(List<String> databases, int attempt, int endedEarlier) {
    try (Connection c = server.connect(maintenanceDatabase)) {
      long xidBefore = nextTransactionId(c);
      String endedBefore = serverNow(c);
      int ended = endedEarlier + server.terminateOtherSessions(databases);
      waitForExits(c, databases, endedBefore);
      sleep(STATS_SETTLE);
      List<DatabaseWriteCounters> counters = new ArrayList<>();
      for (String database : databases) {
        try (Connection db = server.connect(database)) {
          counters.add(readDatabase(db, database));
        }
      }
      long xidAfter = nextTransactionId(c);
      return new WriteCounters(
          xidAfter == xidBefore, attempt, xidAfter - xidBefore, xidAfter, serverStartedAt(c),
          preparedTransactions(c, databases), ended, counters);
    } catch (SQLException e) {
      throw PostgresException.of("cannot read the write counters", e);
    }
  }

  private static DatabaseWriteCounters readDatabase(Connection c, String database) throws SQLException {
    // pg_statistic is left out: ANALYZE (autovacuum's too) rewrites it in a read-only source. Toast
    // tables move with their main table; temporary tables do not survive a session, so nothing of them is lost.
    String tables =
        """
        SELECT schemaname || '.' || relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_all_tables
        WHERE schemaname <> 'information_schema' AND schemaname !~ '^pg_toast' AND schemaname !~ '^pg_temp_'
          AND NOT (schemaname = 'pg_catalog' AND relname = 'pg_statistic')
        ORDER BY 1
        """;
    List<TableWriteCounters> counters = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(tables)) {
      while (rs.next()) {
        counters.add(new TableWriteCounters(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
      }
    }
    String statsReset;
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT coalesce(stats_reset::text, 'never') FROM pg_stat_database WHERE datname = current_database()")) {
      statsReset = rs.next() ? rs.getString(1) : "never";
    }
    // pg_sequences shows NULL for a sequence the role may not read: those are counted, not hashed as NULL.
    String sequences =
        """
        SELECT count(*) FILTER (WHERE NOT has_sequence_privilege(format('%I.%I', schemaname, sequencename), 'SELECT')),
               md5(coalesce(string_agg(format('%I.%I=%s', schemaname, sequencename, coalesce(last_value::text, 'unused')),
                                       ',' ORDER BY schemaname, sequencename), ''))
        FROM pg_sequences
        """;
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sequences)) {
      rs.next();
      return new DatabaseWriteCounters(database, statsReset, rs.getString(2), rs.getInt(1), counters);
    }
  }

  /** Waits until the sessions that were there before {@code before} have exited, so their reports are sent. */
  private static void waitForExits(Connection c, List<String> databases, String before) throws SQLException {
    String sql =
        """
        SELECT count(*) FROM pg_stat_activity
        WHERE datname = ANY (?) AND pid <> pg_backend_pid() AND backend_type = 'client backend'
          AND coalesce(application_name, '') <> ? AND coalesce(usename, '') <> 'rdsadmin'
          AND backend_start < ?::timestamptz
        """;
    long giveUp = System.nanoTime() + EXIT_WAIT.toNanos();
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setArray(1, c.createArrayOf("text", databases.toArray()));
      s.setString(2, JdbcPostgresServer.APPLICATION_NAME);
      s.setString(3, before);
      while (System.nanoTime() < giveUp) {
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          if (rs.getInt(1) == 0) {
            return;
          }
        }
        sleep(Duration.ofMillis(50));
      }
    }
  }

  private static long nextTransactionId(Connection c) throws SQLException {
    // The txid_ names exist from 9.4 through 15, so one query serves an 11 and a 13 source alike.
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT txid_snapshot_xmax(txid_current_snapshot())")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String serverNow(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT clock_timestamp()::text")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static String serverStartedAt(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_postmaster_start_time()::text")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static int preparedTransactions(Connection c, List<String> databases) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM pg_prepared_xacts WHERE database = ANY (?)")) {
      s.setArray(1, c.createArrayOf("text", databases.toArray()));
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the statistics collector", e);
    }
  }
}
