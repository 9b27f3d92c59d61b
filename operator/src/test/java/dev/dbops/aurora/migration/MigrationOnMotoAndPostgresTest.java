package dev.dbops.aurora.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbops.aurora.aws.ClusterApi;
import dev.dbops.aurora.aws.SecretValue;
import dev.dbops.aurora.aws.sdk.ApiCallCounter;
import dev.dbops.aurora.aws.sdk.SdkAwsRegions;
import dev.dbops.aurora.model.ConnectionOverrideSpec;
import dev.dbops.aurora.model.migration.AuroraMigration;
import dev.dbops.aurora.model.migration.MigrationPhase;
import dev.dbops.aurora.model.migration.ReadOnlySpec;
import dev.dbops.aurora.model.migration.StepState;
import dev.dbops.aurora.model.migration.StepStatus;
import dev.dbops.aurora.model.migration.VerificationSpec;
import dev.dbops.aurora.postgres.JdbcDataComparison;
import dev.dbops.aurora.postgres.PostgresServers;
import dev.dbops.aurora.testing.DatabaseCopier;
import dev.dbops.aurora.testing.EmbeddedPostgresServers;
import dev.dbops.aurora.testing.EmbeddedPostgresServers.Started;
import dev.dbops.aurora.testing.MotoServer;
import dev.dbops.aurora.testing.RestoreCopiesData;
import dev.dbops.aurora.testing.SampleSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;

/**
 * The migration end to end on real components: moto for every AWS call through the real SDK, a real
 * PostgreSQL 13 as the source and a real PostgreSQL 15 as the target. moto keeps no data, so this test
 * plays AWS's storage: when the target is restored from the snapshot, it copies the (read-only) source
 * database into the target server, which is what a snapshot restore does.
 */
@ExtendWith(MotoServer.class)
class MigrationOnMotoAndPostgresTest {
  private static final String DATABASE = "shop";
  private static final String SOURCE = "orders-v1";
  private static final String TARGET = "orders-v2";

  private final Started source = EmbeddedPostgresServers.source();
  private final Started target = EmbeddedPostgresServers.target();
  private SdkAwsRegions regions;
  private RdsClient rds;
  private WorkflowRunner runner;
  private final RecordingAppRouting routing = new RecordingAppRouting();

  @BeforeEach
  void createSourceClusterWithData() throws SQLException {
    regions = new SdkAwsRegions(MotoServer.settings(Duration.ZERO));
    rds = regions.configure(RdsClient.builder(), MotoServer.REGION, new ApiCallCounter()).build();
    rds.createDBCluster(b -> b.dbClusterIdentifier(SOURCE).engine("aurora-postgresql").engineVersion("13.12")
        .engineMode("serverless").masterUsername("postgres").masterUserPassword("postgres-password")
        .scalingConfiguration(s -> s.minCapacity(2).maxCapacity(8)));
    source.recreateDatabase(DATABASE);
    target.recreateDatabase(DATABASE);
    try (Connection c = source.connect(DATABASE)) {
      SampleSchema.load(c);
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
  void migratesSourceOn13ToServerlessV2On15AndKeepsTheSourceReadOnly() throws SQLException {
    runner = runner(migration(), storageCopiedOnRestore(regions.clusters(MotoServer.REGION)));

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
    assertWriteRefusedAsReadOnly();
  }

  @Test
  void completesExactlyOnceWhenTheOperatorDiesBeforeEveryStatusPatch() {
    runner = runner(migration(), storageCopiedOnRestore(regions.clusters(MotoServer.REGION)));

    runner.runUntilSettled(WorkflowRunner.Crashes.AT_EVERY_STEP_BOUNDARY_AND_WAIT);

    assertThat(runner.phase()).as(runner.persisted.getStatus().getMessage()).isEqualTo(MigrationPhase.Completed);
    assertThat(runner.crashes).as("crashes, two per step at most").isGreaterThan(20);
    assertThat(snapshots()).hasSize(1);
    assertThat(rds.describeDBClusters().dbClusters()).extracting(c -> c.dbClusterIdentifier())
        .containsExactlyInAnyOrder(SOURCE, TARGET);
    assertThat(rds.describeDBInstances(b -> b.filters(f -> f.name("db-cluster-id").values(TARGET))).dbInstances())
        .hasSize(1);
  }

  @Test
  void blockersStopPreflightWithNothingChanged() throws SQLException {
    try (Connection c = source.connect(DATABASE)) {
      SampleSchema.loadProblems(c);
    }
    runner = runner(migration(), regions.clusters(MotoServer.REGION));

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
    ClusterApi restoreThenTamper = storageCopiedOnRestore(regions.clusters(MotoServer.REGION), () -> {
      try (Connection c = target.connect(DATABASE); Statement s = c.createStatement()) {
        s.execute("UPDATE shop.customers SET name = name || ' (edited)' WHERE id = (SELECT min(id) FROM shop.customers)");
      }
    });
    runner = runner(migration(), restoreThenTamper);

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
    runner = runner(migration, regions.clusters(MotoServer.REGION));

    runner.runUntilSettled(WorkflowRunner.Crashes.NONE);

    assertThat(runner.phase()).isEqualTo(MigrationPhase.Planned);
    assertThat(runner.persisted.getStatus().getPlan())
        .anyMatch(l -> l.contains("ALTER DATABASE shop SET default_transaction_read_only = on"))
        .anyMatch(l -> l.contains("rds:RestoreDBClusterFromSnapshot"))
        .anyMatch(l -> l.contains("EngineVersion=15.10"));
    assertThat(snapshots()).isEmpty();
    assertSourceWritable();
  }

  private AuroraMigration migration() {
    AuroraMigration m = MigrationDriver.migration();
    m.getSpec().getSource().setClusterIdentifier(SOURCE);
    m.getSpec().getSource().setDatabases(List.of(DATABASE));
    m.getSpec().getSource().setConnection(override(source));
    m.getSpec().getTarget().setClusterIdentifier(TARGET);
    m.getSpec().getTarget().setConnection(override(target));
    ReadOnlySpec readOnly = new ReadOnlySpec();
    readOnly.setGracePeriodSeconds(1);
    m.getSpec().setReadOnly(readOnly);
    VerificationSpec verification = new VerificationSpec();
    verification.setChecksums(true);
    verification.setParallelism(2);
    m.getSpec().setVerification(verification);
    return m;
  }

  private static ConnectionOverrideSpec override(Started server) {
    ConnectionOverrideSpec override = new ConnectionOverrideSpec();
    override.setHost("localhost");
    override.setPort(server.postgres().getPort());
    override.setSslMode("disable");
    return override;
  }

  private WorkflowRunner runner(AuroraMigration migration, ClusterApi clusters) {
    MigrationTimings fast = new MigrationTimings(Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofMillis(1), Duration.ofMillis(200));
    WorkflowRunner[] self = new WorkflowRunner[1];
    self[0] = new WorkflowRunner(migration, UpgradePlanner.fromEngineVersions(), (m, tasks) -> new MigrationContext(
        m, MotoServer.REGION, clusters, routing, routing, PostgresServers.jdbc(), new JdbcDataComparison(),
        (ns, ref) -> SecretValue.of("postgres"), tasks, fast, self[0].clock));
    return self[0];
  }

  private ClusterApi storageCopiedOnRestore(ClusterApi clusters) {
    return storageCopiedOnRestore(clusters, () -> {});
  }

  /** moto restores only metadata: copy the source database into the target server, as AWS's storage would. */
  private ClusterApi storageCopiedOnRestore(ClusterApi clusters, SqlAction afterCopy) {
    return RestoreCopiesData.wrap(clusters, () -> {
      target.recreateDatabase(DATABASE);
      try (Connection from = source.connect(DATABASE); Connection to = target.connect(DATABASE)) {
        SampleSchema.createTables(to);
        DatabaseCopier.copy(from, to);
      }
      afterCopy.run();
    });
  }

  private List<DBClusterSnapshot> snapshots() {
    return rds.describeDBClusterSnapshots(b -> b.snapshotType("manual")).dbClusterSnapshots();
  }

  private void assertWriteRefusedAsReadOnly() throws SQLException {
    try (Connection c = source.connect(DATABASE); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.execute("DELETE FROM shop.order_items"))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25006"));
    }
  }

  private void assertSourceWritable() {
    assertThat(source.server().isReadOnly(List.of(DATABASE))).isFalse();
  }

  @FunctionalInterface
  interface SqlAction {
    void run() throws SQLException;
  }
}
