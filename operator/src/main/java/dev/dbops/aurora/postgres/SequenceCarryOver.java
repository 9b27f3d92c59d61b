package dev.dbops.aurora.postgres;

import java.util.List;

/**
 * Carries sequence positions from blue to green before a Blue/Green switchover. Logical replication copies the rows
 * (with the ids blue's sequences gave them) but not the sequences, so without this green's first INSERT would reuse
 * an id blue already handed out. See {@link JdbcSequenceCarryOver} for the rule and the margin.
 */
public interface SequenceCarryOver {

  /**
   * For every user sequence of each database on blue: moves green's sequence forward so its next value is past
   * anything blue handed out. Never moves a green sequence backwards; running it again changes nothing while blue
   * stays fenced. Returns one entry per blue sequence, in database, schema, name order.
   */
  List<CarriedSequence> carry(PostgresServer blue, PostgresServer green, List<String> databases);
}
