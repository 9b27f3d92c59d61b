package dev.dbops.aurora.postgres;

/**
 * One normalized statement an application ran on the source, as pg_stat_statements keeps it: constants
 * replaced by $n, one entry per queryid (summed over the roles that ran it).
 */
public record AppStatement(String queryId, String database, String text, long calls, double totalMillis) {}
