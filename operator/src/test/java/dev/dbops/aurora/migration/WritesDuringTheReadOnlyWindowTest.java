package dev.dbops.aurora.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbops.aurora.aws.ClusterApi;
import dev.dbops.aurora.aws.SecretValue;
import dev.dbops.aurora.aws.sdk.ApiCallCounter;
import dev.dbops.aurora.aws.sdk.SdkAwsRegions;
import dev.dbops.aurora.model.ConnectionOverrideSpec;
import dev.dbops.aurora.model.migration.AuroraMigration;
import dev.dbops.aurora.model.migration.CutoverMode;
import dev.dbops.aurora.model.migration.MigrationPhase;
import dev.dbops.aurora.model.migration.ReadOnlySpec;
import dev.dbops.aurora.model.migration.RollbackSpec;
import dev.dbops.aurora.model.migration.StepState;
import dev.dbops.aurora.model.migration.WriteFenceResult;
import dev.dbops.aurora.postgres.JdbcDataComparison;
import dev.dbops.aurora.postgres.PostgresServers;
import dev.dbops.aurora.testing.DatabaseCopier;
import dev.dbops.aurora.testing.EmbeddedPostgresServers;
import dev.dbops.aurora.testing.EmbeddedPostgresServers.Started;
import dev.dbops.aurora.testing.MotoServer;
import dev.dbops.aurora.testing.RestoreCopiesData;
import dev.dbops.aurora.testing.SampleSchema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * A client that ignores the read-only window writes to the real PostgreSQL 13 source after the snapshot
 * (moto plays AWS; the restore copies the source database into the real 15 target). The migration must
 * never complete with that row missing: it holds with the table named, at either point of the window.
 */
@ExtendWith(MotoServer.class)
class WritesDuringTheReadOnlyWindowTest {
  private static final String DATABASE = "shop";
  private static final String APP_ROLE = "shop_writer";

  private final Started source = EmbeddedPostgresServers.source();
  private final Started target = EmbeddedPostgresServers.target();
  private final RecordingAppRouting routing = new RecordingAppRouting();
  private SdkAwsRegions regions;
  private RdsClient rds;
  private WorkflowRunner runner;

  @BeforeEach
  void sourceWithAnAppRole() throws SQLException {
    regions = new SdkAwsRegions(MotoServer.settings(Duration.ZERO));
    rds = regions.configure(RdsClient.builder(), MotoServer.REGION, new ApiCallCounter()).build();
    rds.createDBCluster(b -> b.dbClusterIdentifier("orders-v1").engine("aurora-postgresql").engineVersion("13.12")
        .engineMode("serverless").masterUsername("postgres").masterUserPassword("postgres-password")
        .scalingConfiguration(s -> s.minCapacity(2).maxCapacity(8)));
    source.recreateDatabase(DATABASE);
    target.recreateDatabase(DATABASE);
    try (Connection c = source.connect(DATABASE); Statement s = c.createStatement()) {
      SampleSchema.load(c);
      s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + APP_ROLE + "') THEN "
          + "CREATE ROLE " + APP_ROLE + " LOGIN PASSWORD 'app'; END IF; END $$");
      s.execute("GRANT USAGE ON SCHEMA shop TO " + APP_ROLE);
      s.execute("GRANT ALL ON ALL TABLES IN SCHEMA shop TO " + APP_ROLE);
      s.execute("GRANT ALL ON ALL SEQUENCES IN SCHEMA shop TO " + APP_ROLE);
    }
  }

  @AfterEach
  void close() {
    if (runner != null) {
      runner.close();
    }
    source.server().setReadOnly(List.of(DATABASE), false);
    rds.close();
    regions.close();
  }

  @Test
  void rowWrittenAfterTheSnapshotHoldsTheMigrationAtVerifyUntilRolledBack() throws SQLException {
    runner = runner(migration(CutoverMode.Automatic));
    // This test bed copies the data at restore time, not at the snapshot: write after the copy, so the
    // row is really missing on the target (on Aurora any write after the baseline would be).
    runner.runUntil(m -> stepSucceeded(m, "TargetWritable"));
    long orderId = writeIgnoringReadOnly();

    runner.runUntilSettled(WorkflowRunner.Crashes.NONE);

    var status = runner.persisted.getStatus();
    assertThat(runner.phase()).isEqualTo(MigrationPhase.Migrating);
    assertThat(stepState("Verify")).isEqualTo(StepState.Running);
    assertThat(ready().getReason()).isEqualTo("WritesAfterSnapshot");
    assertThat(ready().getMessage()).contains("shop.shop.orders (+1 inserted)").contains("sequences moved");
    assertThat(status.getWriteFence().getWrites()).anySatisfy(t -> assertThat(t.getTable()).isEqualTo("shop.orders"));
    assertThat(routing.calls).isEmpty();
    assertThat(rowOnTarget(orderId)).as("the row the fence reports is indeed missing on the target").isFalse();

    RollbackSpec rollback = new RollbackSpec();
    rollback.setRequested(true);
    runner.persisted.getSpec().setRollback(rollback);
    runner.runUntilSettled(WorkflowRunner.Crashes.NONE);
    assertThat(runner.phase()).isEqualTo(MigrationPhase.RolledBack);
    assertThat(source.server().isReadOnly(List.of(DATABASE))).isFalse();
  }

  @Test
  void rowWrittenBetweenVerifyAndApprovalHoldsTheCutoverAndRepointsNothing() throws SQLException {
    runner = runner(migration(CutoverMode.Manual));
    runner.runUntilSettled(WorkflowRunner.Crashes.NONE);
    assertThat(runner.phase()).isEqualTo(MigrationPhase.AwaitingCutover);
    assertThat(runner.persisted.getStatus().getWriteFence().getResult()).isEqualTo(WriteFenceResult.NoWritesDetected);
    assertObedientClientRefused();
    long orderId = writeIgnoringReadOnly();

    runner.persisted.getSpec().getCutover().setApproved(true);
    runner.runUntilSettled(WorkflowRunner.Crashes.NONE);

    assertThat(runner.phase()).isNotEqualTo(MigrationPhase.Completed);
    assertThat(stepState("Cutover")).isEqualTo(StepState.Running);
    assertThat(ready().getReason()).isEqualTo("WritesAfterSnapshot");
    assertThat(ready().getMessage()).contains("shop.shop.orders (+1 inserted)");
    assertThat(routing.calls).isEmpty();
    assertThat(rowOnTarget(orderId)).isFalse();
  }

  /** What a client that ignores the window does: its own session turns read-only off, then it writes. */
  private long writeIgnoringReadOnly() throws SQLException {
    try (Connection app = DriverManager.getConnection(
            "jdbc:postgresql://localhost:" + source.postgres().getPort() + "/" + DATABASE, APP_ROLE, "app");
        Statement s = app.createStatement()) {
      s.execute("SET default_transaction_read_only = off");
      var rs = s.executeQuery("INSERT INTO shop.orders (customer_id, ordered_at) "
          + "SELECT min(id), now() FROM shop.customers RETURNING id");
      rs.next();
      return rs.getLong(1);
    }
  }

  private void assertObedientClientRefused() throws SQLException {
    try (Connection app = DriverManager.getConnection(
            "jdbc:postgresql://localhost:" + source.postgres().getPort() + "/" + DATABASE, APP_ROLE, "app");
        Statement s = app.createStatement()) {
      assertThatThrownBy(() -> s.execute("DELETE FROM shop.order_items"))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25006"));
    }
  }

  private boolean rowOnTarget(long orderId) throws SQLException {
    try (Connection c = target.connect(DATABASE); Statement s = c.createStatement()) {
      return s.executeQuery("SELECT 1 FROM shop.orders WHERE id = " + orderId).next();
    }
  }

  private static boolean stepSucceeded(AuroraMigration m, String step) {
    return m.getStatus() != null && m.getStatus().getSteps().stream()
        .anyMatch(s -> s.getName().equals(step) && s.getState() == StepState.Succeeded);
  }

  private StepState stepState(String step) {
    return runner.persisted.getStatus().getSteps().stream().filter(s -> s.getName().equals(step)).findFirst().orElseThrow().getState();
  }

  private io.fabric8.kubernetes.api.model.Condition ready() {
    return runner.persisted.getStatus().getConditions().stream().filter(c -> c.getType().equals("Ready")).findFirst().orElseThrow();
  }

  private AuroraMigration migration(CutoverMode mode) {
    AuroraMigration m = MigrationDriver.migration();
    m.getSpec().getSource().setClusterIdentifier("orders-v1");
    m.getSpec().getSource().setDatabases(List.of(DATABASE));
    m.getSpec().getSource().setConnection(override(source));
    m.getSpec().getTarget().setClusterIdentifier("orders-v2");
    m.getSpec().getTarget().setConnection(override(target));
    m.getSpec().getCutover().setMode(mode);
    ReadOnlySpec readOnly = new ReadOnlySpec();
    readOnly.setGracePeriodSeconds(1);
    m.getSpec().setReadOnly(readOnly);
    return m;
  }

  private static ConnectionOverrideSpec override(Started server) {
    ConnectionOverrideSpec override = new ConnectionOverrideSpec();
    override.setHost("localhost");
    override.setPort(server.postgres().getPort());
    override.setSslMode("disable");
    return override;
  }

  private WorkflowRunner runner(AuroraMigration migration) {
    ClusterApi clusters = RestoreCopiesData.wrap(regions.clusters(MotoServer.REGION), () -> {
      target.recreateDatabase(DATABASE);
      try (Connection from = source.connect(DATABASE); Connection to = target.connect(DATABASE)) {
        SampleSchema.createTables(to);
        DatabaseCopier.copy(from, to);
      }
    });
    MigrationTimings fast = new MigrationTimings(Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofMillis(1), Duration.ofMillis(200));
    WorkflowRunner[] self = new WorkflowRunner[1];
    self[0] = new WorkflowRunner(migration, UpgradePlanner.fromEngineVersions(), (m, tasks) -> new MigrationContext(
        m, MotoServer.REGION, clusters, routing, routing, PostgresServers.jdbc(), new JdbcDataComparison(),
        (ns, ref) -> SecretValue.of("postgres"), tasks, fast, self[0].clock));
    return self[0];
  }
}
