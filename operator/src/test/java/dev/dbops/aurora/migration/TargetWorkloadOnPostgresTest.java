package dev.dbops.aurora.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.aws.SecretValue;
import dev.dbops.aurora.model.ConnectionOverrideSpec;
import dev.dbops.aurora.model.migration.AuroraMigration;
import dev.dbops.aurora.model.migration.AuroraMigrationStatus;
import dev.dbops.aurora.model.migration.MigrationPhase;
import dev.dbops.aurora.model.migration.SourceStatus;
import dev.dbops.aurora.model.migration.TargetStatus;
import dev.dbops.aurora.postgres.PostgresServers;
import dev.dbops.aurora.postgres.StatementChecks;
import dev.dbops.aurora.testing.ManualClock;
import dev.dbops.aurora.testing.inmemoryrds.InMemoryRds;
import dev.dbops.aurora.testing.postgres.LocalPostgresCluster;
import dev.dbops.aurora.testing.postgres.PostgresInstallation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** After cutover: the target's statements (real PostgreSQL 15 with pg_stat_statements) in status, at most hourly. */
class TargetWorkloadOnPostgresTest {
  private static final String PASSWORD = "secret";

  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-02T10:00:00Z"));
  private LocalPostgresCluster target;
  private int port;

  @AfterEach
  void stop() {
    if (target != null) {
      target.stop();
    }
  }

  @Test
  void theTargetsTopStatementsAndReadWriteSplitAreRefreshedAtMostHourly() throws SQLException {
    target = LocalPostgresCluster.initialise(PostgresInstallation.local(), 15, tempDir().resolve("target"), "postgres", PASSWORD);
    StatementCheckOnPostgresTest.preload(target);
    port = LocalPostgresCluster.freePort();
    target.start(port);
    try (Connection c = connect("postgres", "postgres", PASSWORD); Statement s = c.createStatement()) {
      s.execute("CREATE ROLE shop_app LOGIN PASSWORD 'app'");
      s.execute("CREATE DATABASE shop OWNER shop_app");
      s.execute("CREATE DATABASE archive");
    }
    try (Connection c = connect("shop", "postgres", PASSWORD); Statement s = c.createStatement()) {
      s.execute("CREATE EXTENSION pg_stat_statements");
      s.execute("CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL, total numeric NOT NULL)");
      s.execute("INSERT INTO orders SELECT i, i % 50, i FROM generate_series(1, 1000) i");
      s.execute("GRANT ALL ON orders TO shop_app");
      s.execute("SELECT pg_stat_statements_reset()");
    }
    try (Connection app = connect("shop", "shop_app", "app")) {
      for (int i = 1; i <= 6; i++) {
        run(app, "SELECT count(*) FROM orders WHERE customer_id = ?", i);
      }
      for (int i = 1; i <= 2; i++) {
        run(app, "UPDATE orders SET total = total WHERE id = ?", i);
      }
      run(app, "WITH moved AS (UPDATE orders SET total = total WHERE id = ? RETURNING id) SELECT count(*) FROM moved", 3);
      try (Statement s = app.createStatement()) {
        s.execute("SET work_mem = '8MB'");
      }
    }
    AuroraMigration migration = completedMigration();
    MigrationContext ctx = context(migration);

    TargetWorkload.refresh(ctx);

    var workload = migration.getStatus().getTargetWorkload();
    assertThat(workload.getReadCalls()).isEqualTo(6);
    assertThat(workload.getWriteCalls()).isEqualTo(3);
    assertThat(workload.getTop()).extracting(t -> t.getStatement())
        .contains("SELECT count(*) FROM orders WHERE customer_id = $1", "UPDATE orders SET total = total WHERE id = $1")
        .noneMatch(t -> t.startsWith("SET"))
        .noneMatch(t -> t.contains("pg_stat_statements") || t.contains("generate_series"));
    assertThat(workload.getTop()).extracting(t -> t.getTotalMillis()).isSortedAccordingTo(Comparator.reverseOrder());
    assertThat(workload.getWarning()).contains("archive").contains("CREATE EXTENSION pg_stat_statements");
    String first = workload.getRefreshedAt();

    try (Connection app = connect("shop", "shop_app", "app")) {
      run(app, "UPDATE orders SET total = total WHERE id = ?", 4);
    }
    clock.advance(Duration.ofMinutes(59));
    TargetWorkload.refresh(ctx);
    assertThat(migration.getStatus().getTargetWorkload().getRefreshedAt()).isEqualTo(first);
    assertThat(migration.getStatus().getTargetWorkload().getWriteCalls()).isEqualTo(3);

    clock.advance(Duration.ofMinutes(1));
    TargetWorkload.refresh(ctx);
    assertThat(migration.getStatus().getTargetWorkload().getRefreshedAt()).isNotEqualTo(first);
    assertThat(migration.getStatus().getTargetWorkload().getWriteCalls()).isEqualTo(4);
  }

  private AuroraMigration completedMigration() {
    AuroraMigration m = MigrationDriver.migration();
    ConnectionOverrideSpec override = new ConnectionOverrideSpec();
    override.setHost("127.0.0.1");
    override.setPort(port);
    override.setSslMode("disable");
    m.getSpec().getTarget().setConnection(override);
    m.setStatus(new AuroraMigrationStatus());
    m.getStatus().setPhase(MigrationPhase.Completed);
    SourceStatus source = new SourceStatus();
    source.setDatabases(List.of("shop", "archive"));
    m.getStatus().setSource(source);
    TargetStatus targetStatus = new TargetStatus();
    targetStatus.setIdentifier("orders-v2");
    m.getStatus().setTarget(targetStatus);
    return m;
  }

  private MigrationContext context(AuroraMigration migration) {
    InMemoryRds clusters = new InMemoryRds(0);
    clusters.addSource("orders-v2", "15.8", "provisioned");
    MigrationTimings timings = new MigrationTimings(Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMillis(1));
    return new MigrationContext(migration, "us-east-1", clusters, null, null, PostgresServers.jdbc(), null,
        (ns, ref) -> SecretValue.of(PASSWORD), null, timings, clock, null, StatementChecks.jdbc(), null,
        AppWorkloads.unavailable());
  }

  private static void run(Connection c, String sql, int arg) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setInt(1, arg);
      ps.execute();
    }
  }

  private Connection connect(String db, String user, String password) throws SQLException {
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + db, user, password);
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("target-workload");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
