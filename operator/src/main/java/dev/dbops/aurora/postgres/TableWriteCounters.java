package dev.dbops.aurora.postgres;

/**
 * Cumulative tuple counters of one table since the statistics were last reset (pg_stat_all_tables),
 * {@code table} as schema.name.
 */
public record TableWriteCounters(String table, long inserts, long updates, long deletes) {

  public long total() {
    return inserts + updates + deletes;
  }
}
