package dev.dbops.aurora.postgres;

/**
 * Makes a {@link PostgresServer} for an endpoint, so reconcilers can be handed fakes in tests and the
 * JDBC implementation in production ({@code PostgresServers.jdbc()}).
 */
@FunctionalInterface
public interface PostgresServers {

  /** @param maintenanceDatabase where cluster-wide queries run, e.g. the spec's source.database */
  PostgresServer at(PostgresEndpoint endpoint, String maintenanceDatabase);

  static PostgresServers jdbc() {
    return JdbcPostgresServer::new;
  }
}
