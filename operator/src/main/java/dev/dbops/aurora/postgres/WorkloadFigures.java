package dev.dbops.aurora.postgres;

import java.util.List;
import java.util.Optional;

/** One database's statements by time, and how many calls read and how many wrote, from pg_stat_statements. */
public record WorkloadFigures(long readCalls, long writeCalls, List<AppStatement> top, Optional<String> warning) {}
