package dev.dbops.aurora.postgres;

import java.util.Optional;

/** How far green's logical replication is behind blue, read on blue. */
public interface ReplicationLag {

  /**
   * The largest replay lag of the logical replication connections blue serves; empty when blue serves none
   * (then nothing proves green has caught up).
   */
  Optional<Lag> behind(PostgresServer blue, String database);

  /** @param seconds replay lag as blue last measured it (0 once caught up and idle) @param bytes WAL not yet confirmed */
  record Lag(double seconds, long bytes, int connections) {}
}
