package dev.dbops.aurora.postgres;

import java.util.List;

/**
 * Compares the user schemas of blue and green. DDL is not replicated during a Blue/Green deployment, so a schema
 * change made on one side only is still there at switchover, where the applications meet it. See
 * {@link JdbcSchemaDrift} for what is compared and what is ignored.
 */
public interface SchemaDrift {

  /** Differences in each database, in database, object kind, object name order (so a column that differs sorts with the
   * columns that exist on one side only); none when the schemas match. */
  List<DriftFinding> between(PostgresServer blue, PostgresServer green, List<String> databases);
}
