package dev.dbops.aurora.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbops.aurora.testing.inmemoryrds.InMemoryRds;
import dev.dbops.aurora.aws.SecretValue;
import dev.dbops.aurora.migration.steps.SourceReadOnlyStep;
import dev.dbops.aurora.migration.steps.TargetWritableStep;
import dev.dbops.aurora.model.ConnectionOverrideSpec;
import dev.dbops.aurora.model.migration.AuroraMigration;
import dev.dbops.aurora.model.migration.ReadOnlySpec;
import dev.dbops.aurora.model.migration.RollbackStatus;
import dev.dbops.aurora.model.migration.SourceStatus;
import dev.dbops.aurora.model.migration.TargetStatus;
import dev.dbops.aurora.postgres.PostgresServers;
import dev.dbops.aurora.status.Conditions;
import dev.dbops.aurora.testing.ManualClock;
import dev.dbops.aurora.testing.postgres.LocalPostgresCluster;
import dev.dbops.aurora.testing.postgres.PostgresInstallation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The read-only switch meets a snapshot that copies the whole cluster, as Aurora's storage does: the
 * restored target starts read-only, and TargetWritable's SQL must make it writable for the apps' own
 * role, removing only what the operator set. Real PostgreSQL 13 clusters, pg_basebackup as the snapshot.
 */
class ReadOnlySwitchOnAWholeClusterCopyTest {
  private static final String PASSWORD = "secret";

  private final PostgresInstallation pg = PostgresInstallation.local();
  private final Path root = tempDir();
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-26T10:00:00Z"));
  private LocalPostgresCluster source;
  private LocalPostgresCluster target;

  @AfterEach
  void stop() {
    if (source != null) {
      source.stop();
    }
    if (target != null) {
      target.stop();
    }
  }

  @Test
  void restoredTargetIsMadeWritableForTheAppRoleAndKeepsTheUsersOwnSettings() throws SQLException {
    source = LocalPostgresCluster.initialise(pg, 13, root.resolve("source"), "postgres", PASSWORD);
    int sourcePort = LocalPostgresCluster.freePort();
    source.start(sourcePort);
    try (Connection c = connect(sourcePort, "postgres", "postgres", PASSWORD); Statement s = c.createStatement()) {
      s.execute("CREATE ROLE shop_app LOGIN PASSWORD 'app'");
      s.execute("CREATE DATABASE shop");
      s.execute("CREATE DATABASE archive");
      // The user's own choices: a read-only archive, and another setting on the migrated database.
      s.execute("ALTER DATABASE archive SET default_transaction_read_only = on");
      s.execute("ALTER DATABASE shop SET work_mem = '8MB'");
    }
    for (String db : List.of("shop", "archive")) {
      try (Connection c = connect(sourcePort, db, "postgres", PASSWORD); Statement s = c.createStatement()) {
        s.execute("SET default_transaction_read_only = off");
        s.execute("CREATE TABLE orders (id int)");
        s.execute("GRANT ALL ON orders TO shop_app");
      }
    }
    AuroraMigration migration = migration(sourcePort, 0);
    // The maintenance database is one of those switched: the operator's own sessions start read-only there too.
    migration.getSpec().getSource().setDatabase("shop");

    runUntilDone(new SourceReadOnlyStep(), migration);

    var window = migration.getStatus().getReadOnlyWindow();
    assertThat(window.getSwitchedDatabases()).containsExactly("shop");
    assertThat(window.getAlreadyReadOnlyDatabases()).containsExactly("archive");
    assertRefusedAsReadOnly(sourcePort, "shop");

    source.backupTo(root.resolve("snapshot"), "postgres", PASSWORD);
    target = LocalPostgresCluster.copyOf(pg, root.resolve("snapshot"), root.resolve("target"));
    int targetPort = LocalPostgresCluster.freePort();
    target.start(targetPort);
    assertRefusedAsReadOnly(targetPort, "shop");

    migration.getSpec().getTarget().setConnection(override(targetPort));
    var result = runUntilDone(new TargetWritableStep(), migration);
    var again = runUntilDone(new TargetWritableStep(), migration);

    assertThat(result.message()).contains("removed default_transaction_read_only=on").contains("shop");
    assertThat(again).isInstanceOf(StepResult.Done.class);
    assertThat(migration.getStatus().getTarget().getReadOnlySettingsRemoved()).containsExactly("shop");
    try (Connection app = connect(targetPort, "shop", "shop_app", "app"); Statement s = app.createStatement()) {
      s.execute("INSERT INTO orders VALUES (1)");
    }
    assertThat(settings(targetPort, "shop")).containsExactly("work_mem=8MB");
    assertThat(settings(targetPort, "archive")).containsExactly("default_transaction_read_only=on");
    assertRefusedAsReadOnly(targetPort, "archive");

    rollBack(migration);
    try (Connection app = connect(sourcePort, "shop", "shop_app", "app"); Statement s = app.createStatement()) {
      s.execute("INSERT INTO orders VALUES (1)");
    }
    assertThat(settings(sourcePort, "shop")).containsExactly("work_mem=8MB");
    assertRefusedAsReadOnly(sourcePort, "archive");
  }

  private StepResult runUntilDone(MigrationStep step, AuroraMigration migration) {
    MigrationContext ctx = context(migration);
    for (int i = 0; i < 10; i++) {
      StepResult result = step.run(ctx);
      if (!(result instanceof StepResult.Waiting waiting)) {
        assertThat(result).as(result.message()).isInstanceOf(StepResult.Done.class);
        return result;
      }
      clock.advance(waiting.recheckAfter());
    }
    throw new AssertionError(step.name() + " did not finish");
  }

  private void rollBack(AuroraMigration migration) {
    RollbackStatus rollback = new RollbackStatus();
    rollback.setReason("test");
    migration.getStatus().setRollback(rollback);
    new Rollback().run(context(migration), new MigrationStatusWriter(new Conditions(clock)));
    assertThat(rollback.getActions()).anyMatch(a -> a.equals("source writable again: shop"));
  }

  private MigrationContext context(AuroraMigration migration) {
    InMemoryRds clusters = new InMemoryRds(0);
    clusters.addSource("source-orders", "13.12", "serverless");
    clusters.addSource("orders-v2", "13.12", "provisioned");
    MigrationTimings timings = new MigrationTimings(Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMillis(1));
    try (SqlTasks tasks = new SqlTasks(1)) {
      return new MigrationContext(migration, "us-east-1", clusters, null, null, PostgresServers.jdbc(), null,
          (ns, ref) -> SecretValue.of(PASSWORD), tasks, timings, clock);
    }
  }

  private static AuroraMigration migration(int sourcePort, int gracePeriodSeconds) {
    AuroraMigration m = MigrationDriver.migration();
    m.getSpec().getSource().setConnection(override(sourcePort));
    ReadOnlySpec readOnly = new ReadOnlySpec();
    readOnly.setGracePeriodSeconds(gracePeriodSeconds);
    m.getSpec().setReadOnly(readOnly);
    m.setStatus(new dev.dbops.aurora.model.migration.AuroraMigrationStatus());
    SourceStatus sourceStatus = new SourceStatus();
    sourceStatus.setDatabases(List.of("shop", "archive"));
    m.getStatus().setSource(sourceStatus);
    TargetStatus target = new TargetStatus();
    target.setIdentifier("orders-v2");
    m.getStatus().setTarget(target);
    return m;
  }

  private static ConnectionOverrideSpec override(int port) {
    ConnectionOverrideSpec o = new ConnectionOverrideSpec();
    o.setHost("127.0.0.1");
    o.setPort(port);
    o.setSslMode("disable");
    return o;
  }

  private static void assertRefusedAsReadOnly(int port, String db) throws SQLException {
    try (Connection app = connect(port, db, "shop_app", "app"); Statement s = app.createStatement()) {
      assertThatThrownBy(() -> s.execute("INSERT INTO orders VALUES (1)"))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25006"));
    }
  }

  /** Every database-wide setting of {@code db}, as pg_db_role_setting holds it. */
  private static List<String> settings(int port, String db) throws SQLException {
    try (Connection c = connect(port, "postgres", "postgres", PASSWORD); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT unnest(setconfig) FROM pg_db_role_setting s JOIN pg_database d "
            + "ON d.oid = s.setdatabase WHERE s.setrole = 0 AND d.datname = '" + db + "' ORDER BY 1")) {
      List<String> out = new java.util.ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    }
  }

  private static Connection connect(int port, String db, String user, String password) throws SQLException {
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + db, user, password);
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("read-only-switch");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
