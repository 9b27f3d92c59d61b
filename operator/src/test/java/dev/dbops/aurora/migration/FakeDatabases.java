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
import java.util.concurrent.CopyOnWriteArrayList;

/** Two servers in memory, told apart by host: "source…" or anything else for the target. */
final class FakeDatabases implements PostgresServers, DataComparison {
  final FakeServer source = new FakeServer(13);
  final FakeServer target = new FakeServer(15);

  @Override
  public PostgresServer at(dev.dbops.aurora.postgres.PostgresEndpoint endpoint, String database) {
    return endpoint.host().startsWith("source") ? source : target;
  }

  @Override
  public List<TableComparison> compare(
      PostgresServer from, PostgresServer to, List<String> databases, boolean checksums, int parallelism, Set<String> excluded) {
    List<TableComparison> result = new ArrayList<>();
    source.rows.forEach((table, rows) -> result.add(
        new TableComparison("app", table, rows, target.rows.getOrDefault(table, 0L), null, null)));
    return result;
  }

  static final class FakeServer implements PostgresServer {
    final int major;
    final Map<String, Long> rows = new LinkedHashMap<>();
    final List<SchemaFinding> findings = new ArrayList<>();
    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile boolean readOnly;

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
    public ExtensionCatalog availableExtensions() {
      throw new UnsupportedOperationException("not used by the workflow");
    }

    @Override
    public Connection connect(String database) {
      throw new UnsupportedOperationException("not used by the workflow");
    }

    @Override
    public void setReadOnly(List<String> databases, boolean readOnly) {
      calls.add("setReadOnly " + readOnly);
      this.readOnly = readOnly;
    }

    @Override
    public boolean isReadOnly(List<String> databases) {
      return readOnly;
    }

    @Override
    public int terminateOtherSessions(List<String> databases) {
      calls.add("terminateOtherSessions");
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
