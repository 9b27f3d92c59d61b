package dev.dbops.aurora.migration;

import dev.dbops.aurora.postgres.DataComparison;
import dev.dbops.aurora.postgres.PostgresServer;
import dev.dbops.aurora.postgres.PostgresServers;
import dev.dbops.aurora.postgres.SchemaFinding;
import dev.dbops.aurora.postgres.ExtensionCatalog;
import java.sql.Connection;
import java.util.Optional;
import dev.dbops.aurora.postgres.TableComparison;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import dev.dbops.aurora.postgres.DatabaseWriteCounters;
import dev.dbops.aurora.postgres.TableWriteCounters;
import dev.dbops.aurora.postgres.WriteCounters;

/**
 * Two servers in memory, told apart by host: "source…" or anything else for the target. As with Aurora's
 * storage, the target starts with the source's database settings: the first time SQL reaches it (after
 * the restore, so after the read-only switch) it takes the source's read-only settings.
 */
final class FakeDatabases implements PostgresServers, DataComparison {
  final FakeServer source = new FakeServer(13);
  final FakeServer target = new FakeServer(15);
  private boolean targetRestored;

  @Override
  public synchronized PostgresServer at(dev.dbops.aurora.postgres.PostgresEndpoint endpoint, String database) {
    // Blue/Green: green is named <source>-green-<letters> by RDS until switchover.
    if (endpoint.host().startsWith("source") && !endpoint.host().contains("-green-")) {
      return source;
    }
    if (!targetRestored) {
      target.readOnlyDatabases.addAll(source.readOnlyDatabases);
      targetRestored = true;
    }
    return target;
  }

  @Override
  public List<TableComparison> compare(
      PostgresServer from, PostgresServer to, List<String> databases, boolean checksums, int parallelism, Set<String> excluded) {
    List<TableComparison> result = new ArrayList<>();
    source.rows.forEach((table, rows) -> result.add(
        new TableComparison("app", table, rows, target.rows.getOrDefault(table, 0L), null, null)));
    return result;
  }

  @Override
  public List<TableComparison> compare(PostgresServer from, PostgresServer to, List<String> databases,
      boolean checksums, int parallelism, Set<String> excluded, dev.dbops.aurora.postgres.ComparisonProgress progress) {
    return compare(from, to, databases, checksums, parallelism, excluded);
  }

  /** Every fake row counts as 100 bytes. */
  @Override
  public long bytesToCompare(PostgresServer from, List<String> databases, Set<String> excluded) {
    return source.rows.values().stream().mapToLong(Long::longValue).sum() * 100;
  }

  static final class FakeServer implements PostgresServer {
    final int major;
    final Map<String, Long> rows = new LinkedHashMap<>();
    final List<SchemaFinding> findings = new ArrayList<>();
    /** What {@link #logicalReplicationFindings} answers; a failure there when set. */
    final List<SchemaFinding> logicalReplicationFindings = new ArrayList<>();
    volatile RuntimeException logicalReplicationFailure;
    final List<String> calls = new CopyOnWriteArrayList<>();
    /** Databases with a database-wide default_transaction_read_only = on. */
    final Set<String> readOnlyDatabases = ConcurrentHashMap.newKeySet();
    /** Cumulative inserts, updates, deletes per "database/schema.table", as pg_stat_all_tables counts them. */
    final Map<String, long[]> writeCounters = new ConcurrentHashMap<>();
    final Map<String, Long> sequences = new ConcurrentHashMap<>();
    volatile String statsReset = "2026-11-01 00:00:00+00";
    volatile String startedAt = "2026-11-01 00:00:00+00";

    FakeServer(int major) {
      this.major = major;
    }

    @Override
    public int majorVersion() {
      return major;
    }

    @Override
    public List<String> databases() {
      return List.of("app");
    }

    @Override
    public List<SchemaFinding> preflight(List<String> databases, int targetMajorVersion) {
      calls.add("preflight");
      return findings;
    }

    @Override
    public List<SchemaFinding> preflight(List<String> databases, int targetMajorVersion, Optional<ExtensionCatalog> extensions) {
      return preflight(databases, targetMajorVersion);
    }

    @Override
    public List<SchemaFinding> logicalReplicationFindings(List<String> databases) {
      calls.add("logicalReplicationFindings");
      if (logicalReplicationFailure != null) {
        throw logicalReplicationFailure;
      }
      return logicalReplicationFindings;
    }

    @Override
    public ExtensionCatalog availableExtensions() {
      throw new UnsupportedOperationException("not used by the workflow");
    }

    @Override
    public Connection connect(String database) {
      throw new UnsupportedOperationException("not used by the workflow");
    }

    @Override
    public void setReadOnly(List<String> databases, boolean readOnly) {
      calls.add("setReadOnly " + readOnly + " " + String.join(",", databases));
      if (readOnly) {
        readOnlyDatabases.addAll(databases);
      } else {
        readOnlyDatabases.removeAll(databases);
      }
    }

    @Override
    public boolean isReadOnly(List<String> databases) {
      return readOnlyDatabases.containsAll(databases);
    }

    @Override
    public List<String> readOnlyDatabases(List<String> databases) {
      return databases.stream().filter(readOnlyDatabases::contains).toList();
    }

    /** A write a client makes (a session that turned read-only off), counted as the server would. */
    void write(String database, String table, long inserts, long updates, long deletes) {
      long[] c = writeCounters.computeIfAbsent(database + "/" + table, k -> new long[3]);
      c[0] += inserts;
      c[1] += updates;
      c[2] += deletes;
    }

    void nextval(String database, String sequence) {
      sequences.merge(database + "/" + sequence, 1L, Long::sum);
    }

    /** pg_stat_reset(), or a crash: counters back to zero, stats_reset moves. */
    void resetStatistics(String at) {
      writeCounters.clear();
      statsReset = at;
    }

    @Override
    public WriteCounters readWriteCounters(List<String> databases) {
      calls.add("readWriteCounters");
      List<DatabaseWriteCounters> result = new ArrayList<>();
      for (String db : databases) {
        List<TableWriteCounters> tables = new ArrayList<>();
        writeCounters.forEach((key, c) -> {
          if (key.startsWith(db + "/")) {
            tables.add(new TableWriteCounters(key.substring(db.length() + 1), c[0], c[1], c[2]));
          }
        });
        String digest = new java.util.TreeMap<>(sequences).entrySet().stream()
            .filter(e -> e.getKey().startsWith(db + "/")).map(Object::toString).reduce("", String::concat);
        result.add(new DatabaseWriteCounters(db, statsReset, digest, 0, tables));
      }
      return new WriteCounters(true, 1, 0, 1000, startedAt, 0, 0, result);
    }

    /** Application sessions a test puts on this server; terminateOtherSessions ends them. */
    final Map<String, Integer> applicationSessions = new java.util.TreeMap<>();

    @Override
    public synchronized Map<String, Integer> applicationSessions(List<String> databases) {
      calls.add("applicationSessions");
      return new java.util.TreeMap<>(applicationSessions);
    }

    @Override
    public synchronized int terminateOtherSessions(List<String> databases) {
      calls.add("terminateOtherSessions");
      applicationSessions.clear();
      return 2;
    }

    @Override
    public List<String> runPostUpgradeTasks(List<String> databases) {
      calls.add("runPostUpgradeTasks");
      return List.of("ANALYZE app");
    }

    long count(String call) {
      return calls.stream().filter(c -> c.equals(call)).count();
    }
  }
}
