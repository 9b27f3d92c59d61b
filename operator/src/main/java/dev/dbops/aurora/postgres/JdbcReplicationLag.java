package dev.dbops.aurora.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

/**
 * Lag as the time green needs to confirm blue's current WAL position (pg_replication_slots.confirmed_flush_lsn of the
 * logical slots with an active walsender). Not pg_stat_replication.replay_lag: PostgreSQL leaves it NULL for long
 * stretches on logical walsenders under a steady write load, so it proves nothing either way.
 */
public final class JdbcReplicationLag implements ReplicationLag {
  private static final Duration POLL = Duration.ofMillis(100);
  private static final String POSITION = """
      SELECT pg_current_wal_lsn()::text, count(*),
             coalesce(max(pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)), 0)::bigint
        FROM pg_replication_slots WHERE slot_type = 'logical' AND active""";
  private static final String BEHIND = """
      SELECT count(*) FROM pg_replication_slots
       WHERE slot_type = 'logical' AND active AND (confirmed_flush_lsn IS NULL OR confirmed_flush_lsn < ?::pg_lsn)""";

  @Override
  public Optional<Lag> behind(PostgresServer blue, String database, Duration patience) {
    try (Connection c = blue.connect(database)) {
      String target;
      int connections;
      long bytes;
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(POSITION)) {
        rs.next();
        target = rs.getString(1);
        connections = rs.getInt(2);
        bytes = rs.getLong(3);
      }
      if (connections == 0) {
        return Optional.empty();
      }
      long start = System.nanoTime();
      try (PreparedStatement ps = c.prepareStatement(BEHIND)) {
        ps.setString(1, target);
        while (true) {
          double waited = (System.nanoTime() - start) / 1e9;
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (rs.getInt(1) == 0) {
              return Optional.of(new Lag(waited, bytes, connections));
            }
          }
          if (waited > patience.toMillis() / 1000.0) {
            return Optional.of(new Lag(waited, bytes, connections));
          }
          Thread.sleep(POLL.toMillis());
        }
      }
    } catch (SQLException e) {
      throw new PostgresException(e.getSQLState(), "reading replication lag: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PostgresException(null, "interrupted while measuring replication lag", e);
    }
  }
}
