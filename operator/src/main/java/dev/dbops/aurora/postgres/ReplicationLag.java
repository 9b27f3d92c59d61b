package dev.dbops.aurora.postgres;

import java.time.Duration;
import java.util.Optional;

/** How far green's logical replication is behind blue, measured on blue. */
public interface ReplicationLag {

  /**
   * How long green takes to confirm everything blue had written when asked: blue's current WAL position is read,
   * then the logical slots are watched until every one has confirmed it, for at most {@code patience}. Empty when
   * blue serves no logical replication connection (then nothing proves green is in sync).
   */
  Optional<Lag> behind(PostgresServer blue, String database, Duration patience);

  /**
   * @param seconds time until green confirmed blue's position; above the patience when it did not within it
   * @param bytes WAL between blue's position and the slowest slot's confirmed position when asked
   */
  record Lag(double seconds, long bytes, int connections) {}
}
