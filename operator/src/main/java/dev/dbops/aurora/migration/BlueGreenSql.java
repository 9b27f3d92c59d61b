package dev.dbops.aurora.migration;

import dev.dbops.aurora.postgres.JdbcReplicaIdentityFull;
import dev.dbops.aurora.postgres.JdbcReplicationLag;
import dev.dbops.aurora.postgres.ReplicaIdentityFull;
import dev.dbops.aurora.postgres.JdbcSchemaDrift;
import dev.dbops.aurora.postgres.JdbcSequenceCarryOver;
import dev.dbops.aurora.postgres.ReplicationLag;
import dev.dbops.aurora.postgres.SchemaDrift;
import dev.dbops.aurora.postgres.SequenceCarryOver;

/** The SQL the BlueGreen strategy runs on blue and green before switchover. */
public record BlueGreenSql(
    SequenceCarryOver sequences, SchemaDrift drift, ReplicationLag lag, ReplicaIdentityFull replicaIdentity) {

  /**
   * Steps green's sequences are set past blue's. Unlike a fenced carry-over, SequenceSync runs while blue still takes
   * writes, until the switchover blocks them a few seconds later: the headroom covers the ids blue hands out
   * meanwhile (100,000 covers a table taking thousands of inserts a second for that gap; sequences have gaps anyway).
   */
  public static final long SEQUENCE_HEADROOM = 100_000;

  public static BlueGreenSql jdbc() {
    return new BlueGreenSql(
        new JdbcSequenceCarryOver(SEQUENCE_HEADROOM), new JdbcSchemaDrift(), new JdbcReplicationLag(), new JdbcReplicaIdentityFull());
  }
}
