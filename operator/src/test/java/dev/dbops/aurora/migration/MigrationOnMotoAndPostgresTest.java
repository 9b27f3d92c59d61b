package dev.dbops.aurora.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static dev.dbops.aurora.migration.LocalAuroraMigration.DATABASE;
import static dev.dbops.aurora.migration.LocalAuroraMigration.MASTER;
import static dev.dbops.aurora.migration.LocalAuroraMigration.MASTER_PASSWORD;
import static dev.dbops.aurora.migration.LocalAuroraMigration.SOURCE;
import static dev.dbops.aurora.migration.LocalAuroraMigration.TARGET;

import dev.dbops.aurora.model.migration.AuroraMigration;
import dev.dbops.aurora.model.migration.MigrationPhase;
import dev.dbops.aurora.model.migration.StepState;
import dev.dbops.aurora.model.migration.StepStatus;
import dev.dbops.aurora.model.migration.VerificationSpec;
import dev.dbops.aurora.testing.MotoServer;
import dev.dbops.aurora.testing.SampleSchema;
import dev.dbops.aurora.testing.aurora.LocalAurora;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;

/**
 * The migration end to end on real components: every AWS call through the real SDK to {@link LocalAurora}
 * (moto as the control plane, real PostgreSQL as the data plane): the source cluster is a PostgreSQL 13
 * server, the snapshot a pg_basebackup of it, the target a server started on a copy of that snapshot and
 * upgraded to 15 by pg_upgrade. The operator reaches both through the endpoints RDS answers with.
 */
@ExtendWith(MotoServer.class)
class MigrationOnMotoAndPostgresTest {
  private LocalAuroraMigration bed;
  private LocalAurora aurora;
  private RdsClient rds;
  private RecordingAppRouting routing;
  private WorkflowRunner runner;

  @BeforeEach
  void createSourceClusterWithData() throws SQLException {
    bed = new LocalAuroraMigration();
    aurora = bed.aurora;
    rds = bed.rds;
    routing = bed.routing;
  }

  @AfterEach
  void close() {
    bed.close();
  }

  @Test
  void migratesSourceOn13ToServerlessV2On15AndKeepsTheSourceReadOnly() throws SQLException {
    runner = bed.runner(migration());

    runner.runUntilSettled(WorkflowRunner.Crashes.NONE);

    var status = runner.persisted.getStatus();
    assertThat(runner.phase()).as(status.getMessage()).isEqualTo(MigrationPhase.Completed);
    assertThat(status.getSteps()).extracting(StepStatus::getState).containsOnly(StepState.Succeeded);
    assertThat(status.getSource().getKind()).isEqualTo("ServerlessV1");
    assertThat(status.getUpgradePath()).last().isEqualTo("15.10");
    var cluster = rds.describeDBClusters(b -> b.dbClusterIdentifier(TARGET)).dbClusters().get(0);
    assertThat(cluster.engineVersion()).isEqualTo("15.10");
    assertThat(cluster.engineMode()).isEqualTo("provisioned");
    assertThat(cluster.serverlessV2ScalingConfiguration().maxCapacity()).isEqualTo(8.0);
    assertThat(rds.describeDBInstances(b -> b.filters(f -> f.name("db-cluster-id").values(TARGET))).dbInstances())
        .singleElement().satisfies(i -> assertThat(i.dbInstanceClass()).isEqualTo("db.serverless"));
    assertThat(snapshots()).extracting(DBClusterSnapshot::dbClusterSnapshotIdentifier)
        .containsExactly(SOURCE + "-premigration-6f1c2d3e");
    assertThat(status.getVerification().getTablesCompared()).isGreaterThan(3);
    assertThat(status.getVerification().getMismatches()).isZero();
    assertThat(status.getReadOnlyWindow().getEndedAt()).isNotNull();
    assertThat(routing.pointedAt).containsEntry("secret/orders-db-connection", cluster.endpoint());
    assertThat(aurora.log()).anyMatch(l -> l.contains(" pg_upgrade 13.") && l.contains("→ 15.") && l.contains(" for " + TARGET + " took"));
    try (Connection c = aurora.connect(TARGET, DATABASE, MASTER, MASTER_PASSWORD); Statement s = c.createStatement()) {
      ResultSet rs = s.executeQuery("SELECT current_setting('server_version_num')::int / 10000, count(*) FROM shop.orders");
      rs.next();
      assertThat(rs.getInt(1)).as("major version the target's server runs").isEqualTo(15);
      assertThat(rs.getInt(2)).isEqualTo(SampleSchema.ORDERS);
    }
    assertWriteRefusedAsReadOnly();
  }

  /**
   * What the migration is for: the application, as its own role, writes to the target through the
   * host and port the cutover gave it. The snapshot carries the source's read-only setting
   * (pg_db_role_setting), so this needs the step that makes the target writable again.
   */
  @Test
  void appRoleWritesToTheTargetThroughTheCutoverSecret() throws SQLException {
    runner = bed.runner(migration());

    runner.runUntilSettled(WorkflowRunner.Crashes.NONE);

    assertThat(runner.phase()).as(runner.persisted.getStatus().getMessage()).isEqualTo(MigrationPhase.Completed);
    AppRouting.ConnectionDetails secret = routing.secrets.get("orders-db-connection");
    assertThat(secret).as("the connection Secret the cutover wrote").isNotNull();
    try (Connection app = DriverManager.getConnection("jdbc:postgresql://" + secret.host() + ":" + secret.port() + "/"
            + DATABASE, SampleSchema.APP_ROLE, SampleSchema.APP_PASSWORD);
        Statement s = app.createStatement()) {
      s.executeUpdate("INSERT INTO shop.audit_log (at, actor, action) VALUES (now(), 'shop_app', 'order')");
    }
  }

  @Test
  void completesExactlyOnceWhenTheOperatorDiesBeforeEveryStatusPatch() {
    runner = bed.runner(migration());

    runner.runUntilSettled(WorkflowRunner.Crashes.AT_EVERY_STEP_BOUNDARY_AND_WAIT);

    assertThat(runner.phase()).as(runner.persisted.getStatus().getMessage()).isEqualTo(MigrationPhase.Completed);
    assertThat(runner.crashes).as("crashes, two per step at most").isGreaterThan(20);
    assertThat(snapshots()).hasSize(1);
    assertThat(rds.describeDBClusters().dbClusters()).extracting(c -> c.dbClusterIdentifier())
        .containsExactlyInAnyOrder(SOURCE, TARGET);
    assertThat(rds.describeDBInstances(b -> b.filters(f -> f.name("db-cluster-id").values(TARGET))).dbInstances())
        .hasSize(1);
    assertThat(aurora.log()).as("data-plane actions").filteredOn(l -> l.contains(" snapshot ") && l.contains(" took ")).hasSize(1);
    assertThat(aurora.log()).filteredOn(l -> l.contains("restored cluster ")).hasSize(1);
    assertThat(aurora.log()).filteredOn(l -> l.contains(" pg_upgrade ") && l.contains(" took ")).hasSize(1);
  }

  @Test
  void blockersStopPreflightWithNothingChanged() throws SQLException {
    try (Connection c = source(DATABASE)) {
      SampleSchema.loadProblems(c);
    }
    runner = bed.runner(migration());

    runner.runUntilSettled(WorkflowRunner.Crashes.NONE);

    var status = runner.persisted.getStatus();
    assertThat(runner.phase()).isEqualTo(MigrationPhase.Failed);
    assertThat(status.getConditions()).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("Ready");
      assertThat(c.getReason()).isEqualTo("PreflightBlockers");
    });
    assertThat(status.getFindings()).extracting(f -> f.getCheck())
        .contains("postfix-operators", "anyarray-polymorphics", "reg-type-columns");
    assertThat(snapshots()).isEmpty();
    assertThat(rds.describeDBClusters().dbClusters()).hasSize(1);
    assertSourceWritable();
  }

  @Test
  void changedRowOnTargetFailsVerificationAndRollsBack() throws SQLException {
    // Right after the restore, before the upgrade: the target's data then differs from the source's.
    aurora.afterRestore(cluster -> {
      try (Connection c = aurora.connect(cluster, DATABASE, MASTER, MASTER_PASSWORD); Statement s = c.createStatement()) {
        // The restored database carries the source's read-only default; a session may still write.
        s.execute("SET default_transaction_read_only = off");
        s.execute("UPDATE shop.customers SET name = name || ' (edited)' WHERE id = (SELECT min(id) FROM shop.customers)");
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    });
    runner = bed.runner(migration());

    runner.runUntilSettled(WorkflowRunner.Crashes.NONE);

    var status = runner.persisted.getStatus();
    assertThat(runner.phase()).isEqualTo(MigrationPhase.RolledBack);
    assertThat(status.getMessage()).contains("shop.customers (checksum differs)");
    assertThat(status.getSteps()).filteredOn(s -> s.getName().equals("Cutover"))
        .extracting(StepStatus::getState).containsExactly(StepState.Pending);
    assertThat(routing.calls).isEmpty();
    assertSourceWritable();
  }

  @Test
  void dryRunWritesThePlanAndChangesNothing() {
    AuroraMigration migration = migration();
    migration.getSpec().setDryRun(true);
    runner = bed.runner(migration);

    runner.runUntilSettled(WorkflowRunner.Crashes.NONE);

    assertThat(runner.phase()).isEqualTo(MigrationPhase.Planned);
    assertThat(runner.persisted.getStatus().getPlan())
        .anyMatch(l -> l.contains("ALTER DATABASE shop SET default_transaction_read_only = on"))
        .anyMatch(l -> l.contains("rds:RestoreDBClusterFromSnapshot"))
        .anyMatch(l -> l.contains("EngineVersion=15.10"))
        .anyMatch(l -> l.matches("Verify: expected verification time about \\d+s: 0\\.0 GiB of tables at 50 MiB/s per worker × 2 worker\\(s\\)"))
        .anyMatch(l -> l.startsWith("Preflight: Blue/Green readiness"));
    // Through moto and the real PostgreSQL 13: the shop's audit_log has no primary key, so Blue/Green is blocked
    // (informational: the dry run of this SnapshotRestore migration still plans).
    var blueGreen = runner.persisted.getStatus().getPreflight().getBlueGreen();
    assertThat(blueGreen.getReady()).isFalse();
    assertThat(blueGreen.getBlockers()).extracting(f -> f.getCheck() + " " + f.getObject())
        .containsExactly("tables-without-replica-identity shop.shop.audit_log");
    assertThat(blueGreen.getWarnings()).extracting(f -> f.getCheck()).contains("logical-replication-reboot", "sequences");
    assertThat(snapshots()).isEmpty();
    assertSourceWritable();
  }

  /** The shared migration, with checksums on so a changed row is found. */
  private static AuroraMigration migration() {
    AuroraMigration m = LocalAuroraMigration.migration();
    VerificationSpec verification = new VerificationSpec();
    verification.setChecksums(true);
    verification.setParallelism(2);
    m.getSpec().setVerification(verification);
    return m;
  }

  private List<DBClusterSnapshot> snapshots() {
    return bed.snapshots();
  }

  private void assertWriteRefusedAsReadOnly() throws SQLException {
    try (Connection c = source(DATABASE); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.execute("DELETE FROM shop.order_items"))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25006"));
    }
  }

  private void assertSourceWritable() {
    assertThat(bed.sourceReadOnly()).isFalse();
  }

  private Connection source(String database) throws SQLException {
    return bed.source(database);
  }
}
