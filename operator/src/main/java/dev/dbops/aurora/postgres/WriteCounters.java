package dev.dbops.aurora.postgres;

import java.util.List;

/**
 * One reading of the source's write counters, taken after every other session was ended so that no
 * session still holds counts it has not reported (PostgreSQL 11 to 14 report at most every 500 ms, and
 * an idle session not at all until it is busy again or exits).
 *
 * @param settled true when no transaction id was assigned anywhere on the server from just before the
 *     sessions were ended to the end of the reading: then every tuple write committed before the reading
 *     began is in the counters. False after {@code attempts} tries (a writer, or ANALYZE, kept going).
 * @param transactionIdsDuringReading how many ids were assigned during the last attempt
 * @param nextTransactionId the next transaction id at the end of the reading (for the record; it also
 *     moves with ANALYZE, so it is not a write count)
 * @param serverStartedAt pg_postmaster_start_time(): a restart or failover may have lost counts
 * @param preparedTransactions two-phase transactions waiting on these databases: COMMIT PREPARED would
 *     write later, whatever the read-only setting
 * @param sessionsEnded sessions ended to flush their counts, over every attempt
 */
public record WriteCounters(
    boolean settled,
    int attempts,
    long transactionIdsDuringReading,
    long nextTransactionId,
    String serverStartedAt,
    int preparedTransactions,
    int sessionsEnded,
    List<DatabaseWriteCounters> databases) {}
