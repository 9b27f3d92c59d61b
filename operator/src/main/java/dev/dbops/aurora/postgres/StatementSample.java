package dev.dbops.aurora.postgres;

import java.util.List;
import java.util.Optional;

/** The statements read from one database, or a warning saying why there are none (no pg_stat_statements). */
public record StatementSample(List<AppStatement> statements, Optional<String> warning) {}
