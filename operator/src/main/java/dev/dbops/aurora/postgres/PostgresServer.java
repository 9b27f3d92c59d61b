package dev.dbops.aurora.postgres;

import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SQL the migration runs against one server (a cluster's writer). Each call opens and closes its
 * own connections, so the operator holds none between reconciles. Failures throw {@link PostgresException}
 * with the SQLSTATE and the server's message, never the password.
 */
public interface PostgresServer {

  /** Major version as the server reports it, e.g. 13. */
  int majorVersion();

  /** Databases that accept connections, templates left out. */
  List<String> databases();

  /**
   * What breaks between this server's version and {@code targetMajorVersion}: cluster-wide findings
   * (prepared transactions, replication slots, databases pg_upgrade cannot enter) and findings per
   * database, in {@code databases} and in every other database the upgrade opens (templates included).
   * Extensions are checked against the documented Aurora list for that major version (see
   * {@link AuroraExtensions}).
   */
  List<SchemaFinding> preflight(List<String> databases, int targetMajorVersion);

  /**
   * As {@link #preflight(List, int)}, with the extensions the target offers given explicitly, e.g. a
   * reachable target's {@link #availableExtensions()}; empty skips the extension check.
   */
  List<SchemaFinding> preflight(
      List<String> databases, int targetMajorVersion, Optional<ExtensionCatalog> targetExtensions);

  /**
   * What logical replication from this server would refuse or not carry (see {@link LogicalReplicationLimits}):
   * cluster-wide findings once, then findings per database, in {@code databases} and in every other database
   * that takes connections (templates left out). Read-only.
   */
  List<SchemaFinding> logicalReplicationFindings(List<String> databases);

  /** Extensions this server can install and their default versions (pg_available_extensions). */
  ExtensionCatalog availableExtensions();

  /**
   * A new connection to one database, named {@link JdbcPostgresServer#APPLICATION_NAME} so that
   * {@link #terminateOtherSessions} spares it; the caller closes it.
   */
  Connection connect(String database);

  /**
   * Sets or clears (RESET) default_transaction_read_only on each database; affects new sessions only.
   * Works on a server whose databases already start read-only (a restored target).
   */
  void setReadOnly(List<String> databases, boolean readOnly);

  /** True when every listed database has default_transaction_read_only on. */
  boolean isReadOnly(List<String> databases);

  /**
   * Those of {@code databases} that carry a database-wide default_transaction_read_only = on, read back
   * from pg_db_role_setting: before the switch, to tell a user's own setting from the operator's; on a
   * restored target, to prove the operator's settings are gone.
   */
  List<String> readOnlyDatabases(List<String> databases);

  /**
   * Ends every other session on these databases (so each reports its counts), waits for the counts to
   * arrive, and reads the write counters of each database (see {@link WriteCounters}).
   */
  WriteCounters readWriteCounters(List<String> databases);

  /**
   * Client sessions on these databases per role, the ones {@link #terminateOtherSessions} would end: the
   * operator's own and Aurora's rdsadmin left out. Roles in name order; none when nobody is connected.
   */
  Map<String, Integer> applicationSessions(List<String> databases);

  /**
   * Terminates every other session on these databases, so nothing started before the switch can still
   * write. Returns how many sessions it ended.
   */
  int terminateOtherSessions(List<String> databases);

  /**
   * After a major upgrade: ANALYZE, then ALTER EXTENSION … UPDATE where a newer version exists. Returns
   * what it did, one line each; an extension that cannot be updated (e.g. a view uses an operator the
   * new version drops) is a "could not update extension …" line, not an exception.
   */
  List<String> runPostUpgradeTasks(List<String> databases);
}
