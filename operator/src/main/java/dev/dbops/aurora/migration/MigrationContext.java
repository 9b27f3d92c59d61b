package dev.dbops.aurora.migration;

import dev.dbops.aurora.aws.AuroraCluster;
import dev.dbops.aurora.aws.ClusterApi;
import dev.dbops.aurora.aws.DnsApi;
import dev.dbops.aurora.aws.MonitoringApi;
import dev.dbops.aurora.aws.SecretValue;
import dev.dbops.aurora.model.ConnectionOverrideSpec;
import dev.dbops.aurora.model.migration.AuroraMigration;
import dev.dbops.aurora.model.migration.AuroraMigrationSpec;
import dev.dbops.aurora.model.migration.AuroraMigrationStatus;
import dev.dbops.aurora.model.migration.MigrationStrategy;
import dev.dbops.aurora.postgres.DataComparison;
import dev.dbops.aurora.postgres.PostgresEndpoint;
import dev.dbops.aurora.postgres.PostgresServer;
import dev.dbops.aurora.postgres.PostgresServers;
import dev.dbops.aurora.postgres.StatementChecks;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Everything a step may use during one reconcile of one migration. Cluster reads go through the
 * region's shared inventory; database connections are opened on demand and never kept.
 */
public final class MigrationContext {
  private final AuroraMigration migration;
  private final MigrationNames names;
  private final String region;
  private final ClusterApi clusters;
  private final DnsApi dns;
  private final AppRouting routing;
  private final PostgresServers connector;
  private final DataComparison comparison;
  private final SecretReader secrets;
  private final SqlTasks sqlTasks;
  private final MigrationTimings timings;
  private final Clock clock;
  private final MonitoringApi monitoring;
  private final StatementChecks statementChecks;
  private final StatementReports statementReports;
  private final AppWorkloads workloads;
  private BlueGreenSql blueGreenSql;

  public MigrationContext(
      AuroraMigration migration,
      String region,
      ClusterApi clusters,
      DnsApi dns,
      AppRouting routing,
      PostgresServers connector,
      DataComparison comparison,
      SecretReader secrets,
      SqlTasks sqlTasks,
      MigrationTimings timings,
      Clock clock) {
    this(migration, region, clusters, dns, routing, connector, comparison, secrets, sqlTasks, timings, clock, null);
  }

  /** @param monitoring CloudWatch of the region; null where no step needs it (tests without monitoring) */
  public MigrationContext(
      AuroraMigration migration,
      String region,
      ClusterApi clusters,
      DnsApi dns,
      AppRouting routing,
      PostgresServers connector,
      DataComparison comparison,
      SecretReader secrets,
      SqlTasks sqlTasks,
      MigrationTimings timings,
      Clock clock,
      MonitoringApi monitoring) {
    this(migration, region, clusters, dns, routing, connector, comparison, secrets, sqlTasks, timings, clock, monitoring,
        null, null, AppWorkloads.unavailable());
  }

  /**
   * @param statementChecks the application-statement check's SQL; null where the servers are fakes without SQL
   * @param statementReports where the check's full report goes; null where there is no Kubernetes API
   * @param workloads the apps' Deployments and StatefulSets, restarted at cutover
   */
  public MigrationContext(
      AuroraMigration migration,
      String region,
      ClusterApi clusters,
      DnsApi dns,
      AppRouting routing,
      PostgresServers connector,
      DataComparison comparison,
      SecretReader secrets,
      SqlTasks sqlTasks,
      MigrationTimings timings,
      Clock clock,
      MonitoringApi monitoring,
      StatementChecks statementChecks,
      StatementReports statementReports,
      AppWorkloads workloads) {
    this.workloads = workloads;
    this.migration = migration;
    this.names = MigrationNames.of(migration);
    this.region = region;
    this.clusters = clusters;
    this.dns = dns;
    this.routing = routing;
    this.connector = connector;
    this.comparison = comparison;
    this.secrets = secrets;
    this.sqlTasks = sqlTasks;
    this.timings = timings;
    this.clock = clock;
    this.monitoring = monitoring;
    this.statementChecks = statementChecks;
    this.statementReports = statementReports;
  }

  /** Gives the BlueGreen strategy its SQL (real servers); without it its SQL checks cannot run and say so. */
  public MigrationContext withBlueGreenSql(BlueGreenSql sql) {
    this.blueGreenSql = sql;
    return this;
  }

  /** The BlueGreen strategy's SQL, when this operator can reach real servers. */
  public Optional<BlueGreenSql> blueGreenSql() {
    return Optional.ofNullable(blueGreenSql);
  }

  /** The strategy this migration runs: resolved by preflight, or the spec's until then. */
  public MigrationStrategy strategy() {
    return status() != null && status().getStrategy() != null ? status().getStrategy() : spec().strategyOrDefault();
  }

  /** Preflight resolved the BlueGreen strategy: blue and green are found by the ids status keeps. */
  private boolean runsBlueGreen() {
    return status() != null && status().getStrategy() == MigrationStrategy.BlueGreen;
  }

  /** Where the statement check's full report is written, when there is a Kubernetes API. */
  public Optional<StatementReports> statementReports() {
    return Optional.ofNullable(statementReports);
  }

  /** The SQL of the application-statement check, when this operator can reach real servers. */
  public Optional<StatementChecks> statementChecks() {
    return Optional.ofNullable(statementChecks);
  }

  /** CloudWatch of the migration's region, when the operator was given it. */
  public Optional<MonitoringApi> monitoring() {
    return Optional.ofNullable(monitoring);
  }

  public AuroraMigration migration() {
    return migration;
  }

  public AuroraMigrationSpec spec() {
    return migration.getSpec();
  }

  public AuroraMigrationStatus status() {
    return migration.getStatus();
  }

  public MigrationNames names() {
    return names;
  }

  public String region() {
    return region;
  }

  public ClusterApi clusters() {
    return clusters;
  }

  public DnsApi dns() {
    return dns;
  }

  public AppWorkloads workloads() {
    return workloads;
  }

  public AppRouting routing() {
    return routing;
  }

  public DataComparison comparison() {
    return comparison;
  }

  public SqlTasks sqlTasks() {
    return sqlTasks;
  }

  public MigrationTimings timings() {
    return timings;
  }

  /** Now, to the millisecond: status timestamps stay readable and compare exactly after a round trip. */
  public Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  /** Key for background SQL work of this migration's step; includes the uid so a new resource starts afresh. */
  public String taskKey(String step) {
    return migration.getMetadata().getNamespace() + "/" + migration.getMetadata().getName() + "/"
        + names.uidPrefix() + "/" + step;
  }

  /**
   * The cluster migrated from. With BlueGreen, blue by the id status follows: RDS renames blue {@code <source>-old1}
   * at switchover and gives its name to green, so the spec's name would then find green.
   */
  public Optional<AuroraCluster> sourceCluster() {
    if (runsBlueGreen() && status().getBlueGreen() != null && status().getBlueGreen().getBlueClusterId() != null) {
      return clusters.findCluster(status().getBlueGreen().getBlueClusterId());
    }
    return clusters.findCluster(names.sourceCluster());
  }

  /** The cluster migrated to. With BlueGreen, green by the id status follows; empty until RDS has named it. */
  public Optional<AuroraCluster> targetCluster() {
    if (runsBlueGreen()) {
      String green = status().getBlueGreen() == null ? null : status().getBlueGreen().getGreenClusterId();
      return green == null ? Optional.empty() : clusters.findCluster(green);
    }
    return clusters.findCluster(names.targetCluster());
  }

  /** Databases chosen in preflight (spec list, or every non-template database of the source). */
  public List<String> databases() {
    return status().getSource() == null ? List.of() : status().getSource().getDatabases();
  }

  public PostgresServer sourceDatabase() {
    AuroraCluster source =
        sourceCluster().orElseThrow(() -> new IllegalStateException("source cluster " + names.sourceCluster() + " not found"));
    return connect(source, spec().getSource().getConnection());
  }

  public PostgresServer targetDatabase() {
    AuroraCluster target =
        targetCluster().orElseThrow(() -> new IllegalStateException("target cluster not found"));
    return connect(target, spec().getTarget().getConnection());
  }

  /**
   * The restored target keeps the source's users and passwords (a snapshot carries them), so one set of
   * credentials reaches both; the override replaces the endpoint for tunnels, proxies and tests.
   */
  private PostgresServer connect(AuroraCluster cluster, ConnectionOverrideSpec override) {
    String host = override != null && override.getHost() != null ? override.getHost() : cluster.endpoint();
    int port =
        override != null && override.getPort() != null
            ? override.getPort()
            : cluster.port() == null ? 5432 : cluster.port();
    String sslMode = override != null && override.getSslMode() != null ? override.getSslMode() : "require";
    SecretValue password =
        secrets.read(migration.getMetadata().getNamespace(), spec().getSource().getPasswordSecretRef());
    PostgresEndpoint endpoint =
        new PostgresEndpoint(host, port, spec().getSource().getUsername(), password, sslMode);
    return connector.at(endpoint, connectionDatabase());
  }

  /** The database the operator's sessions open on both clusters (spec.source.database, else postgres). */
  public String connectionDatabase() {
    return spec().getSource().getDatabase() == null ? "postgres" : spec().getSource().getDatabase();
  }
}
