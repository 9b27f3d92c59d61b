package dev.dbops.aurora.migration;

import dev.dbops.aurora.postgres.JdbcReplicationLag;
import dev.dbops.aurora.postgres.JdbcSchemaDrift;
import dev.dbops.aurora.postgres.JdbcSequenceCarryOver;
import dev.dbops.aurora.postgres.ReplicationLag;
import dev.dbops.aurora.postgres.SchemaDrift;
import dev.dbops.aurora.postgres.SequenceCarryOver;

/** The SQL the BlueGreen strategy runs on blue and green before switchover. */
public record BlueGreenSql(SequenceCarryOver sequences, SchemaDrift drift, ReplicationLag lag) {

  public static BlueGreenSql jdbc() {
    return new BlueGreenSql(new JdbcSequenceCarryOver(), new JdbcSchemaDrift(), new JdbcReplicationLag());
  }
}
