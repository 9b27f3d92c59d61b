package dev.dbops.aurora.migration;

import dev.dbops.aurora.aws.AwsSettings;
import dev.dbops.aurora.aws.ClusterApi;
import dev.dbops.aurora.aws.MonitoringApi;
import dev.dbops.aurora.aws.SecretValue;
import dev.dbops.aurora.aws.sdk.ApiCallCounter;
import dev.dbops.aurora.aws.sdk.SdkAwsRegions;
import dev.dbops.aurora.model.ConnectionOverrideSpec;
import dev.dbops.aurora.model.migration.AuroraMigration;
import dev.dbops.aurora.model.migration.ReadOnlySpec;
import dev.dbops.aurora.postgres.JdbcDataComparison;
import dev.dbops.aurora.postgres.JdbcPostgresServer;
import dev.dbops.aurora.postgres.PostgresEndpoint;
import dev.dbops.aurora.postgres.PostgresServers;
import dev.dbops.aurora.testing.MotoServer;
import dev.dbops.aurora.testing.SampleSchema;
import dev.dbops.aurora.testing.aurora.ClusterRecord;
import dev.dbops.aurora.testing.aurora.LocalAurora;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;

/**
 * One migration on the local Aurora for a test: moto as the control plane behind {@link LocalAurora}, a
 * Serverless v1 source cluster {@value #SOURCE} on a real PostgreSQL 13 holding the sample shop database
 * (with its application role), and a {@link WorkflowRunner} whose AWS calls all go through the real SDK.
 * The operator reaches both clusters through the endpoints RDS answers with.
 */
final class LocalAuroraMigration implements AutoCloseable {
  static final String DATABASE = "shop";
  static final String SOURCE = "orders-v1";
  static final String TARGET = "orders-v2";
  static final String MASTER = "postgres";
  static final String MASTER_PASSWORD = "postgres-password";

  final LocalAurora aurora;
  final SdkAwsRegions regions;
  final RdsClient rds;
  final RecordingAppRouting routing = new RecordingAppRouting();
  private WorkflowRunner runner;

  LocalAuroraMigration() throws SQLException {
    aurora = LocalAurora.start(MotoServer.endpoint());
    regions = new SdkAwsRegions(new AwsSettings(MotoServer.REGION, Optional.of(aurora.endpoint()), Duration.ZERO, 3));
    rds = regions.configure(RdsClient.builder(), MotoServer.REGION, new ApiCallCounter()).build();
    rds.createDBCluster(b -> b.dbClusterIdentifier(SOURCE).engine("aurora-postgresql").engineVersion("13.12")
        .engineMode("serverless").masterUsername(MASTER).masterUserPassword(MASTER_PASSWORD)
        .scalingConfiguration(s -> s.minCapacity(2).maxCapacity(8)));
    try (Connection c = aurora.connect(SOURCE, "postgres", MASTER, MASTER_PASSWORD); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + DATABASE);
    }
    try (Connection c = source(DATABASE)) {
      SampleSchema.load(c);
    }
  }

  /** The migration of {@value #SOURCE} to {@value #TARGET}, shop only, with a one-second grace period. */
  static AuroraMigration migration() {
    AuroraMigration m = MigrationDriver.migration();
    m.getSpec().getSource().setClusterIdentifier(SOURCE);
    m.getSpec().getSource().setDatabases(List.of(DATABASE));
    m.getSpec().getSource().setConnection(withoutTls());
    m.getSpec().getTarget().setClusterIdentifier(TARGET);
    m.getSpec().getTarget().setConnection(withoutTls());
    ReadOnlySpec readOnly = new ReadOnlySpec();
    readOnly.setGracePeriodSeconds(1);
    m.getSpec().setReadOnly(readOnly);
    return m;
  }

  /** Host and port come from the endpoints RDS answers with; only TLS is off (the local servers have none). */
  private static ConnectionOverrideSpec withoutTls() {
    ConnectionOverrideSpec override = new ConnectionOverrideSpec();
    override.setSslMode("disable");
    return override;
  }

  /** A runner for this migration; closed with the fixture. */
  WorkflowRunner runner(AuroraMigration migration) {
    runner = runnerOn(regions.clusters(MotoServer.REGION), migration, routing);
    return runner;
  }

  /** A runner whose Monitoring step (and rollback) use {@code monitoring}; closed with the fixture. */
  WorkflowRunner runner(AuroraMigration migration, MonitoringApi monitoring) {
    runner = runnerOn(regions.clusters(MotoServer.REGION), migration, routing, monitoring);
    return runner;
  }

  /**
   * A runner whose AWS calls go to {@code clusters} (this fixture's, or another stage in front of a local
   * Aurora), with SQL over JDBC as the master user and polls in milliseconds.
   */
  static WorkflowRunner runnerOn(ClusterApi clusters, AuroraMigration migration, RecordingAppRouting routing) {
    return runnerOn(clusters, migration, routing, null);
  }

  /** Like {@link #runnerOn(ClusterApi, AuroraMigration, RecordingAppRouting)}, with CloudWatch for the Monitoring step. */
  static WorkflowRunner runnerOn(ClusterApi clusters, AuroraMigration migration, RecordingAppRouting routing,
      MonitoringApi monitoring) {
    return runnerOn(clusters, migration, routing, monitoring, null);
  }

  /**
   * A runner whose migration reads {@code wallClock} instead of the runner's simulated one, so the windows in
   * status are measured in real time (beside the data plane's own measurement).
   */
  WorkflowRunner runnerOnWallClock(AuroraMigration migration) {
    runner = runnerOn(regions.clusters(MotoServer.REGION), migration, routing, null, java.time.Clock.systemUTC());
    return runner;
  }

  private static WorkflowRunner runnerOn(ClusterApi clusters, AuroraMigration migration, RecordingAppRouting routing,
      MonitoringApi monitoring, java.time.Clock wallClock) {
    MigrationTimings fast = new MigrationTimings(Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofMillis(1), Duration.ofMillis(200));
    WorkflowRunner[] self = new WorkflowRunner[1];
    self[0] = new WorkflowRunner(migration, UpgradePlanner.fromEngineVersions(), (m, tasks) -> new MigrationContext(
        m, MotoServer.REGION, clusters, routing, routing, PostgresServers.jdbc(), new JdbcDataComparison(),
        (ns, ref) -> SecretValue.of(MASTER_PASSWORD), tasks, fast, wallClock != null ? wallClock : self[0].clock, monitoring).withBlueGreenSql(BlueGreenSql.jdbc()));
    return self[0];
  }

  Connection source(String database) throws SQLException {
    return aurora.connect(SOURCE, database, MASTER, MASTER_PASSWORD);
  }

  /** A session on the source as the application's own role, not the master user. */
  Connection sourceAsApp() throws SQLException {
    return aurora.connect(SOURCE, DATABASE, SampleSchema.APP_ROLE, SampleSchema.APP_PASSWORD);
  }

  Connection target(String database) throws SQLException {
    return aurora.connect(TARGET, database, MASTER, MASTER_PASSWORD);
  }

  boolean sourceReadOnly() {
    ClusterRecord source = aurora.cluster(SOURCE).orElseThrow();
    var server = new JdbcPostgresServer(new PostgresEndpoint(
        source.host(), source.port(), MASTER, SecretValue.of(MASTER_PASSWORD), "disable"), "postgres");
    return server.isReadOnly(List.of(DATABASE));
  }

  List<DBClusterSnapshot> snapshots() {
    return rds.describeDBClusterSnapshots(b -> b.snapshotType("manual")).dbClusterSnapshots();
  }

  @Override
  public void close() {
    if (runner != null) {
      runner.close();
    }
    rds.close();
    regions.close();
    aurora.close();
  }
}
