package dev.dbops.aurora.upgrade;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Server parameters PostgreSQL removed or renamed in a major version, used to tell which of a source
 * group's parameters a newer family no longer has where DescribeEngineDefaultClusterParameters is missing
 * (moto). The live API always wins; this table also gives the reason shown to the user.
 *
 * <p>Sources, the "Migration to Version N" sections of the PostgreSQL release notes:
 * 12 https://www.postgresql.org/docs/release/12.0/ (default_with_oids removed with WITH OIDS),
 * 13 https://www.postgresql.org/docs/release/13.0/ (wal_keep_segments replaced by wal_keep_size),
 * 14 https://www.postgresql.org/docs/release/14.0/ (operator_precedence_warning and
 * vacuum_cleanup_index_scale_factor removed),
 * 15 https://www.postgresql.org/docs/release/15.0/ (stats_temp_directory removed with the statistics
 * collector),
 * 16 https://www.postgresql.org/docs/release/16.0/ (vacuum_defer_cleanup_age and promote_trigger_file removed,
 * force_parallel_mode renamed debug_parallel_query),
 * 17 https://www.postgresql.org/docs/release/17.0/ (db_user_namespace, old_snapshot_threshold and
 * trace_recovery_messages removed).
 * Only PostgreSQL's own parameters are listed; Aurora's (rds.*, apg_*, aurora_*) are not known here.
 */
public final class RemovedClusterParameters {

  /** Removed in this major version → parameter → why, and what replaces it. */
  private static final Map<Integer, Map<String, String>> REMOVED = Map.of(
      12, Map.of(
          "default_with_oids", "removed in PostgreSQL 12 together with tables WITH OIDS"),
      13, Map.of(
          "wal_keep_segments", "replaced in PostgreSQL 13 by wal_keep_size (in megabytes, not 16 MB segments)"),
      14, Map.of(
          "operator_precedence_warning", "removed in PostgreSQL 14",
          "vacuum_cleanup_index_scale_factor", "removed in PostgreSQL 14"),
      15, Map.of(
          "stats_temp_directory", "removed in PostgreSQL 15; statistics are kept in shared memory"),
      16, Map.of(
          "vacuum_defer_cleanup_age", "removed in PostgreSQL 16; use hot_standby_feedback or a replication slot",
          "promote_trigger_file", "removed in PostgreSQL 16; promote with pg_ctl promote or pg_promote()",
          "force_parallel_mode", "renamed in PostgreSQL 16 to debug_parallel_query"),
      17, Map.of(
          "db_user_namespace", "removed in PostgreSQL 17",
          "old_snapshot_threshold", "removed in PostgreSQL 17",
          "trace_recovery_messages", "removed in PostgreSQL 17"));

  private RemovedClusterParameters() {}

  /** Why {@code parameter} is gone after an upgrade from major {@code fromMajor} to {@code toMajor}; empty when it is not. */
  public static Optional<String> removedBetween(String parameter, int fromMajor, int toMajor) {
    String name = parameter.toLowerCase(Locale.ROOT);
    for (int major = fromMajor + 1; major <= toMajor; major++) {
      String reason = REMOVED.getOrDefault(major, Map.of()).get(name);
      if (reason != null) {
        return Optional.of(reason);
      }
    }
    return Optional.empty();
  }
}
