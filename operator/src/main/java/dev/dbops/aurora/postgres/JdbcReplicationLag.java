package dev.dbops.aurora.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * pg_stat_replication of the walsenders that serve logical slots. PostgreSQL sets replay_lag to NULL once the
 * subscriber has caught up and no new WAL arrives (PostgreSQL docs, "pg_stat_replication"), so NULL counts as 0
 * when the confirmed position is the current one, and as unknown otherwise.
 */
public final class JdbcReplicationLag implements ReplicationLag {
  private static final String SQL = """
      SELECT count(*),
             max(extract(epoch FROM r.replay_lag)),
             coalesce(max(pg_wal_lsn_diff(pg_current_wal_lsn(), s.confirmed_flush_lsn)), 0)::bigint
        FROM pg_stat_replication r JOIN pg_replication_slots s ON s.active_pid = r.pid
       WHERE s.slot_type = 'logical'""";

  @Override
  public Optional<Lag> behind(PostgresServer blue, String database) {
    try (Connection c = blue.connect(database); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(SQL)) {
      rs.next();
      int connections = rs.getInt(1);
      if (connections == 0) {
        return Optional.empty();
      }
      double seconds = rs.getDouble(2);
      boolean measured = !rs.wasNull();
      long bytes = rs.getLong(3);
      if (!measured && bytes > 0) {
        // Behind, and no recent measurement: report the bytes and let the caller wait for a measurement.
        return Optional.of(new Lag(Double.MAX_VALUE, bytes, connections));
      }
      return Optional.of(new Lag(measured ? seconds : 0, bytes, connections));
    } catch (SQLException e) {
      throw new PostgresException(e.getSQLState(), "reading replication lag: " + e.getMessage(), e);
    }
  }
}
