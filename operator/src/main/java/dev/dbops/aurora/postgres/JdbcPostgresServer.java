package dev.dbops.aurora.postgres;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link PostgresServer} over the PostgreSQL JDBC driver; every call opens and closes its connections. */
public final class JdbcPostgresServer implements PostgresServer {

  /** Marks the operator's own sessions so it never terminates them, and so DBAs can tell them apart. */
  public static final String APPLICATION_NAME = "aurora-operator";

  /**
   * Short by default: a reconcile must not hang on an unreachable endpoint. The socket timeout also
   * bounds each query, so steps that read whole tables (ANALYZE here, checksums in
   * {@link JdbcDataComparison}) lift it to {@link #LONG_SOCKET_TIMEOUT} on their own connections.
   */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  public static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(60);

  /** Queries that read every row of a database may take hours on a large one. */
  public static final Duration LONG_SOCKET_TIMEOUT = Duration.ofHours(6);

  private static final Logger LOG = LoggerFactory.getLogger(JdbcPostgresServer.class);

  private final PostgresEndpoint endpoint;
  private final String maintenanceDatabase;
  private final Duration socketTimeout;

  /** @param maintenanceDatabase where cluster-wide queries run (the spec's source.database, default postgres) */
  public JdbcPostgresServer(PostgresEndpoint endpoint, String maintenanceDatabase) {
    this(endpoint, maintenanceDatabase, SOCKET_TIMEOUT);
  }

  private JdbcPostgresServer(PostgresEndpoint endpoint, String maintenanceDatabase, Duration socketTimeout) {
    this.endpoint = endpoint;
    this.maintenanceDatabase = maintenanceDatabase;
    this.socketTimeout = socketTimeout;
  }

  /** The same server with a different bound on each query, e.g. for an endpoint behind a slow tunnel. */
  public JdbcPostgresServer withSocketTimeout(Duration timeout) {
    return new JdbcPostgresServer(endpoint, maintenanceDatabase, timeout);
  }

  @Override
  public Connection connect(String database) {
    return connect(database, socketTimeout);
  }

  private Connection connect(String database, Duration socketTimeout) {
    // The driver URL-decodes the database part, so any name a user gave survives the trip.
    String host = endpoint.host().contains(":") ? "[" + endpoint.host() + "]" : endpoint.host();
    String url = "jdbc:postgresql://" + host + ":" + endpoint.port() + "/"
        + URLEncoder.encode(database, StandardCharsets.UTF_8);
    var properties = new Properties();
    properties.setProperty("user", endpoint.username());
    properties.setProperty("password", endpoint.password().reveal());
    properties.setProperty("ApplicationName", APPLICATION_NAME);
    properties.setProperty("connectTimeout", Long.toString(CONNECT_TIMEOUT.toSeconds()));
    properties.setProperty("socketTimeout", Long.toString(socketTimeout.toSeconds()));
    if (endpoint.sslMode() != null && !endpoint.sslMode().isBlank()) {
      properties.setProperty("sslmode", endpoint.sslMode());
    }
    try {
      return DriverManager.getConnection(url, properties);
    } catch (SQLException e) {
      throw PostgresException.of(
          "cannot connect to database " + database + " on " + endpoint.host() + ":" + endpoint.port(), e);
    }
  }

  @Override
  public int majorVersion() {
    try (Connection c = connect(maintenanceDatabase);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW server_version_num")) {
      rs.next();
      return Integer.parseInt(rs.getString(1)) / 10000;
    } catch (SQLException e) {
      throw PostgresException.of("cannot read the server version", e);
    }
  }

  @Override
  public List<String> databases() {
    // Aurora keeps rdsadmin, which users may not connect to: the CONNECT privilege filters it out. An
    // invalid database (datconnlimit -2, an interrupted DROP DATABASE) refuses every connection.
    String sql =
        """
        SELECT datname FROM pg_database
        WHERE datallowconn AND NOT datistemplate AND datconnlimit <> -2
          AND has_database_privilege(datname, 'CONNECT')
        ORDER BY datname
        """;
    List<String> names = new ArrayList<>();
    try (Connection c = connect(maintenanceDatabase);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
      return names;
    } catch (SQLException e) {
      throw PostgresException.of("cannot list databases", e);
    }
  }

  @Override
  public List<SchemaFinding> preflight(List<String> databases, int targetMajorVersion) {
    return preflight(databases, targetMajorVersion, AuroraExtensions.forMajorVersion(targetMajorVersion));
  }

  @Override
  public List<SchemaFinding> preflight(
      List<String> databases, int targetMajorVersion, Optional<ExtensionCatalog> targetExtensions) {
    int sourceMajor = majorVersion();
    var incompatibilities = new UpgradeIncompatibilities(targetExtensions);
    // The upgrade takes the whole cluster: what pg_upgrade refuses in a database the migration does not
    // name (or in template1) fails it all the same, so every database it opens is checked too.
    return findingsAcrossDatabases("preflight", databases, UpgradeIncompatibilities.DATABASES_THE_UPGRADE_OPENS,
        c -> incompatibilities.findInCluster(c, sourceMajor, targetMajorVersion),
        (c, database) -> incompatibilities.find(c, database, sourceMajor, targetMajorVersion));
  }

  @Override
  public List<SchemaFinding> logicalReplicationFindings(List<String> databases) {
    // A Blue/Green deployment replicates every database, not only the ones the migration names.
    return findingsAcrossDatabases("Blue/Green readiness check", databases,
        LogicalReplicationLimits.REPLICATED_DATABASES, LogicalReplicationLimits::findInCluster,
        LogicalReplicationLimits::findIn);
  }

  /**
   * The cluster-wide findings (from the maintenance database), then each database's: the ones named and every
   * one {@code moreDatabasesQuery} lists, each once, in that order.
   */
  private List<SchemaFinding> findingsAcrossDatabases(String what, List<String> databases, String moreDatabasesQuery,
      ClusterCheck inCluster, DatabaseCheck inDatabase) {
    List<SchemaFinding> findings = new ArrayList<>();
    Set<String> checked = new LinkedHashSet<>(databases);
    try (Connection c = connect(maintenanceDatabase)) {
      findings.addAll(inCluster.find(c));
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(moreDatabasesQuery)) {
        while (rs.next()) {
          checked.add(rs.getString(1));
        }
      }
    } catch (SQLException e) {
      throw PostgresException.of(what + " failed in database " + maintenanceDatabase, e);
    }
    for (String database : checked) {
      try (Connection c = connect(database)) {
        findings.addAll(inDatabase.find(c, database));
      } catch (SQLException e) {
        throw PostgresException.of(what + " failed in database " + database, e);
      }
    }
    return findings;
  }

  private interface ClusterCheck {
    List<SchemaFinding> find(Connection connection) throws SQLException;
  }

  private interface DatabaseCheck {
    List<SchemaFinding> find(Connection connection, String database) throws SQLException;
  }

  @Override
  public ExtensionCatalog availableExtensions() {
    Set<String> names = new HashSet<>();
    Map<String, String> versions = new HashMap<>();
    try (Connection c = connect(maintenanceDatabase);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT name, default_version FROM pg_available_extensions")) {
      while (rs.next()) {
        names.add(rs.getString(1));
        if (rs.getString(2) != null) {
          versions.put(rs.getString(1), rs.getString(2));
        }
      }
    } catch (SQLException e) {
      throw PostgresException.of("cannot list available extensions", e);
    }
    return new ExtensionCatalog("the server at " + endpoint.host() + ":" + endpoint.port(), names, versions);
  }

  @Override
  public void setReadOnly(List<String> databases, boolean readOnly) {
    try (Connection c = connect(maintenanceDatabase);
        Statement s = c.createStatement()) {
      // ALTER DATABASE is refused in a read-only transaction, and this session may start read-only: the
      // maintenance database may be one of those switched, or the server a copy of a switched source.
      s.execute("SET default_transaction_read_only = off");
      for (String database : databases) {
        // RESET rather than "= off" on the way back, so a rolled-back source carries no trace of us.
        String sql = readOnly
            ? "ALTER DATABASE " + QuotedIdentifier.of(database) + " SET default_transaction_read_only = on"
            : "ALTER DATABASE " + QuotedIdentifier.of(database) + " RESET default_transaction_read_only";
        s.execute(sql);
        LOG.info("database {} default_transaction_read_only {}", database, readOnly ? "on" : "reset");
      }
    } catch (SQLException e) {
      throw PostgresException.of("cannot switch read-only " + (readOnly ? "on" : "off"), e);
    }
  }

  @Override
  public boolean isReadOnly(List<String> databases) {
    // "Every database of none" would be true, and could let a migration skip the switch.
    if (databases.isEmpty()) {
      throw new IllegalArgumentException("no databases given");
    }
    // Only database-wide settings (setrole = 0) count: a per-role setting would leave other roles writing.
    String sql =
        """
        SELECT count(*) FROM pg_database d
        WHERE d.datname = ANY (?)
          AND EXISTS (SELECT 1 FROM pg_db_role_setting s
                      WHERE s.setdatabase = d.oid AND s.setrole = 0
                        AND 'default_transaction_read_only=on' = ANY (s.setconfig))
        """;
    try (Connection c = connect(maintenanceDatabase);
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setArray(1, c.createArrayOf("text", databases.toArray()));
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1) == new HashSet<>(databases).size();
      }
    } catch (SQLException e) {
      throw PostgresException.of("cannot read the read-only setting", e);
    }
  }

  @Override
  public List<String> readOnlyDatabases(List<String> databases) {
    try (Connection c = connect(maintenanceDatabase)) {
      return ReadOnlySettings.databasesReadOnly(c, databases);
    } catch (SQLException e) {
      throw PostgresException.of("cannot read the read-only settings", e);
    }
  }

  @Override
  public WriteCounters readWriteCounters(List<String> databases) {
    return new WriteCounterReader(this, maintenanceDatabase).flushAndRead(databases);
  }

  /**
   * Sessions of rdsadmin (Aurora's own) cannot be ended by rds_superuser, and the operator's own sessions
   * (comparison workers, this one) must survive; everything else may hold a write open.
   */
  private static final String OTHER_SESSIONS =
      """
      SELECT pid, datname, usename, application_name FROM pg_stat_activity
      WHERE datname = ANY (?) AND pid <> pg_backend_pid()
        AND backend_type = 'client backend'
        AND coalesce(application_name, '') <> ?
        AND coalesce(usename, '') <> 'rdsadmin'
      """;

  @Override
  public Map<String, Integer> applicationSessions(List<String> databases) {
    Map<String, Integer> perRole = new TreeMap<>();
    try (Connection c = connect(maintenanceDatabase);
        PreparedStatement list = c.prepareStatement(OTHER_SESSIONS)) {
      list.setArray(1, c.createArrayOf("text", databases.toArray()));
      list.setString(2, APPLICATION_NAME);
      try (ResultSet rs = list.executeQuery()) {
        while (rs.next()) {
          perRole.merge(rs.getString("usename") == null ? "?" : rs.getString("usename"), 1, Integer::sum);
        }
      }
      return perRole;
    } catch (SQLException e) {
      throw PostgresException.of("cannot count sessions", e);
    }
  }

  @Override
  public int terminateOtherSessions(List<String> databases) {
    String sessions = OTHER_SESSIONS;
    int terminated = 0;
    try (Connection c = connect(maintenanceDatabase);
        PreparedStatement list = c.prepareStatement(sessions);
        PreparedStatement terminate = c.prepareStatement("SELECT pg_terminate_backend(?)")) {
      list.setArray(1, c.createArrayOf("text", databases.toArray()));
      list.setString(2, APPLICATION_NAME);
      List<Integer> pids = new ArrayList<>();
      try (ResultSet rs = list.executeQuery()) {
        while (rs.next()) {
          pids.add(rs.getInt(1));
        }
      }
      // One call per session: a session we may not end (another superuser's) must not stop the rest.
      for (int pid : pids) {
        terminate.setInt(1, pid);
        try (ResultSet rs = terminate.executeQuery()) {
          if (rs.next() && rs.getBoolean(1)) {
            terminated++;
          }
        } catch (SQLException e) {
          LOG.warn("could not terminate session {}: {}", pid, e.getMessage());
        }
      }
      return terminated;
    } catch (SQLException e) {
      throw PostgresException.of("cannot terminate sessions", e);
    }
  }

  @Override
  public List<String> runPostUpgradeTasks(List<String> databases) {
    List<String> done = new ArrayList<>();
    for (String database : databases) {
      // ANALYZE reads samples of every table: no short socket timeout here.
      try (Connection c = connect(database, LONG_SOCKET_TIMEOUT);
          Statement s = c.createStatement()) {
        s.execute("SET statement_timeout = 0");
        s.execute("ANALYZE");
        done.add("ANALYZE in " + database);
        done.addAll(updateExtensions(c, database));
      } catch (SQLException e) {
        throw PostgresException.of("post-upgrade tasks failed in database " + database, e);
      }
    }
    return done;
  }

  /**
   * pg_upgrade keeps each extension at its old version; the new default may differ. A failed update
   * is reported in the list rather than thrown: the extension keeps working at its old version, and
   * failing the step would only repeat the ANALYZE on every retry.
   */
  private static List<String> updateExtensions(Connection c, String database) throws SQLException {
    List<String> done = new ArrayList<>();
    List<String[]> outdated = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(
            """
            SELECT name, installed_version, default_version FROM pg_available_extensions
            WHERE installed_version IS NOT NULL AND default_version IS NOT NULL
              AND installed_version <> default_version
            ORDER BY name
            """)) {
      while (rs.next()) {
        outdated.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
      }
    }
    for (String[] extension : outdated) {
      try (Statement s = c.createStatement()) {
        s.execute("ALTER EXTENSION " + QuotedIdentifier.of(extension[0]) + " UPDATE");
        done.add("ALTER EXTENSION %s UPDATE in %s (%s -> %s)".formatted(extension[0], database, extension[1], extension[2]));
      } catch (SQLException e) {
        LOG.warn("could not update extension {} in {}: {}", extension[0], database, e.getMessage());
        done.add("could not update extension %s in %s: %s".formatted(extension[0], database, e.getMessage()));
      }
    }
    return done;
  }

  @Override
  public String toString() {
    // The endpoint record prints the password as stars; host and user help in logs.
    return "JdbcPostgresServer[" + endpoint.username() + "@" + endpoint.host() + ":" + endpoint.port() + "]";
  }
}
