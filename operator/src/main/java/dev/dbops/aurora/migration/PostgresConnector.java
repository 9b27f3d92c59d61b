package dev.dbops.aurora.migration;

import dev.dbops.aurora.postgres.PostgresEndpoint;
import dev.dbops.aurora.postgres.PostgresServer;

/** Opens the SQL view of one server; {@code database} is where cluster-wide queries run. */
@FunctionalInterface
public interface PostgresConnector {
  PostgresServer connect(PostgresEndpoint endpoint, String database);
}
