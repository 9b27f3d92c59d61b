package dev.dbops.aurora.postgres;

import java.util.List;

/**
 * What one database has had written to it, as far as the server can tell without a log: tuple counters of
 * every user table and system catalog (large objects and DDL land in catalogs), and a digest of every
 * sequence's last value (nextval writes no tuple and assigns no transaction id).
 *
 * @param statsReset when the counters were last reset ({@code never} when the server has no date): a
 *     change means the counters no longer add up from the baseline
 * @param unreadableSequences sequences whose value the operator's role may not read, so the digest
 *     cannot cover them
 */
public record DatabaseWriteCounters(
    String database, String statsReset, String sequencesDigest, int unreadableSequences, List<TableWriteCounters> tables) {

  public long inserts() {
    return tables.stream().mapToLong(TableWriteCounters::inserts).sum();
  }

  public long updates() {
    return tables.stream().mapToLong(TableWriteCounters::updates).sum();
  }

  public long deletes() {
    return tables.stream().mapToLong(TableWriteCounters::deletes).sum();
  }
}
