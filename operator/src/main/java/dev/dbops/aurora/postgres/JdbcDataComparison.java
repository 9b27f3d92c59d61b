package dev.dbops.aurora.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Compares user tables table by table. Each of {@code parallelism} workers holds one connection per
 * side and takes tables from a shared queue, so a database of thousands of tables costs
 * 2 × parallelism connections, not one per table.
 *
 * <p>The checksum is computed by the server: the sum of a 64-bit slice of md5(row text) over all
 * rows. A sum does not depend on row order, so no sort is needed and nothing but one number per
 * table crosses the network.
 */
public final class JdbcDataComparison implements DataComparison {

  /**
   * Pins every setting that changes how values print, so both versions produce the same row text.
   * extra_float_digits = 0 matters most: 12+ print floats shortest-exact when it is above 0, while
   * 11 prints 17 digits; at 0 both print the same 15 significant digits.
   */
  private static final List<String> STABLE_TEXT_SETTINGS =
      List.of(
          "SET extra_float_digits = 0",
          "SET DateStyle = 'ISO, MDY'",
          "SET IntervalStyle = 'postgres'",
          "SET TimeZone = 'UTC'",
          "SET bytea_output = 'hex'",
          "SET search_path = pg_catalog");

  private static final String USER_TABLES =
      """
      SELECT n.nspname, c.relname
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r'
        AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname NOT LIKE 'pg\\_%'
        AND NOT EXISTS (SELECT 1 FROM pg_depend d
                        WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
      ORDER BY 1, 2
      """;

  private record Table(String schema, String name) {
    String qualified() {
      return schema + "." + name;
    }
  }

  private record Figures(long rows, String checksum) {}

  @Override
  public List<TableComparison> compare(
      PostgresServer source,
      PostgresServer target,
      List<String> databases,
      boolean checksums,
      int parallelism,
      Set<String> excludedTables) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1");
    }
    List<TableComparison> results = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(parallelism, runnable -> {
      Thread thread = new Thread(runnable, "data-comparison");
      thread.setDaemon(true);
      return thread;
    });
    try {
      for (String database : databases) {
        List<Table> tables = userTables(source, database).stream()
            .filter(t -> !excludedTables.contains(t.qualified()))
            .toList();
        results.addAll(compareDatabase(pool, source, target, database, tables, checksums, parallelism));
      }
    } finally {
      pool.shutdownNow();
    }
    results.sort(Comparator.comparing(TableComparison::database).thenComparing(TableComparison::table));
    return results;
  }

  private static List<TableComparison> compareDatabase(
      ExecutorService pool,
      PostgresServer source,
      PostgresServer target,
      String database,
      List<Table> tables,
      boolean checksums,
      int parallelism) {
    var queue = new ConcurrentLinkedQueue<>(tables);
    var found = new ConcurrentLinkedQueue<TableComparison>();
    // A database absent on the target is not an error of the comparison: its tables are all missing.
    boolean onTarget = !tables.isEmpty() && target.databases().contains(database);
    List<Future<?>> workers = new ArrayList<>();
    for (int i = 0; i < Math.min(parallelism, tables.size()); i++) {
      workers.add(pool.submit(() -> {
        try (Connection sourceConnection = prepared(source.connect(database));
            Connection targetConnection = onTarget ? prepared(target.connect(database)) : null) {
          for (Table table = queue.poll(); table != null; table = queue.poll()) {
            found.add(compareTable(sourceConnection, targetConnection, database, table, checksums));
          }
        } catch (SQLException e) {
          throw PostgresException.of("comparison failed in database " + database, e);
        }
        return null;
      }));
    }
    for (Future<?> worker : workers) {
      try {
        worker.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PostgresException(null, "comparison interrupted", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException runtime) {
          throw runtime;
        }
        throw new PostgresException(null, "comparison failed in database " + database, e.getCause());
      }
    }
    return new ArrayList<>(found);
  }

  private static Connection prepared(Connection connection) throws SQLException {
    // Reading a whole large table outlasts the server's short default socket timeout; a checksum
    // must not be cut off by it, nor by a statement_timeout from the cluster's parameter group.
    connection.setNetworkTimeout(Runnable::run, (int) JdbcPostgresServer.LONG_SOCKET_TIMEOUT.toMillis());
    try (Statement s = connection.createStatement()) {
      s.execute("SET statement_timeout = 0");
      for (String setting : STABLE_TEXT_SETTINGS) {
        s.execute(setting);
      }
    }
    return connection;
  }

  /** @param target null when the database itself is missing on the target */
  private static TableComparison compareTable(
      Connection source, Connection target, String database, Table table, boolean checksums) throws SQLException {
    Figures sourceFigures = figures(source, table, checksums);
    if (target == null || !exists(target, table)) {
      return new TableComparison(database, table.qualified(), sourceFigures.rows(), TableComparison.MISSING,
          sourceFigures.checksum(), null);
    }
    Figures targetFigures = figures(target, table, checksums);
    return new TableComparison(database, table.qualified(), sourceFigures.rows(), targetFigures.rows(),
        sourceFigures.checksum(), targetFigures.checksum());
  }

  private static boolean exists(Connection connection, Table table) throws SQLException {
    try (PreparedStatement s = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      s.setString(1, QuotedIdentifier.qualified(table.schema(), table.name()));
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  private static Figures figures(Connection connection, Table table, boolean checksums) throws SQLException {
    String from = QuotedIdentifier.qualified(table.schema(), table.name());
    // ONLY: a parent's rows are compared once, not again through its inheritance children.
    String sql = checksums
        ? "SELECT count(*), coalesce(sum(('x' || substr(md5(t::text), 1, 16))::bit(64)::bigint::numeric), 0)"
            + " FROM ONLY " + from + " AS t"
        : "SELECT count(*), NULL FROM ONLY " + from;
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return new Figures(rs.getLong(1), checksums ? rs.getString(2) : null);
    }
  }

  private static List<Table> userTables(PostgresServer server, String database) {
    List<Table> tables = new ArrayList<>();
    try (Connection c = server.connect(database);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(USER_TABLES)) {
      while (rs.next()) {
        tables.add(new Table(rs.getString(1), rs.getString(2)));
      }
      return tables;
    } catch (SQLException e) {
      throw PostgresException.of("cannot list tables in database " + database, e);
    }
  }
}
