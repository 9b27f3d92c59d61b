package dev.dbops.aurora.postgres;

import dev.dbops.aurora.aws.SecretValue;

/**
 * Where and as whom to reach a PostgreSQL server: the cluster's writer endpoint, or the override a user
 * set for tunnels and proxies. The password prints as stars.
 */
public record PostgresEndpoint(String host, int port, String username, SecretValue password, String sslMode) {}
