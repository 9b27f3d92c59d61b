package dev.dbops.aurora;

import dev.dbops.aurora.aws.AwsRegions;
import dev.dbops.aurora.cluster.ClusterTimings;
import dev.dbops.aurora.cluster.DatabaseClusterReconciler;
import dev.dbops.aurora.config.OperatorConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import dev.dbops.aurora.metrics.MigrationPhaseMetrics;
import dev.dbops.aurora.metrics.StatementCheckMetrics;
import dev.dbops.aurora.migration.AuroraMigrationReconciler;
import dev.dbops.aurora.migration.MigrationTimings;
import dev.dbops.aurora.migration.SqlTasks;
import dev.dbops.aurora.migration.UpgradePlanner;
import dev.dbops.aurora.postgres.JdbcDataComparison;
import dev.dbops.aurora.postgres.PostgresServers;
import java.time.Clock;
import java.util.HashSet;

/**
 * The JOSDK operator with its reconcilers, built from an {@link OperatorConfig}. {@link AuroraOperator}
 * runs it as a process; tests run it in-process against a mock API server with a fake AWS.
 */
public final class OperatorRuntime implements AutoCloseable {
  /** Long SQL work of all migrations (ANALYZE, verification) shares these threads. */
  private static final int SQL_TASK_THREADS = 4;

  private final Operator operator;
  private final SqlTasks sqlTasks = new SqlTasks(SQL_TASK_THREADS);

  public OperatorRuntime(KubernetesClient client, AwsRegions regions, OperatorConfig config) {
    this(client, regions, config, ClusterTimings.standard(config.resyncInterval()), MigrationTimings.defaults(), true);
  }

  /** The production runtime, with JOSDK's reconcile metrics in the given registry. */
  public OperatorRuntime(KubernetesClient client, AwsRegions regions, OperatorConfig config, MeterRegistry metrics) {
    this(client, regions, config, ClusterTimings.standard(config.resyncInterval()), MigrationTimings.defaults(), true,
        metrics);
  }

  public OperatorRuntime(KubernetesClient client, AwsRegions regions, OperatorConfig config,
      ClusterTimings clusterTimings, MigrationTimings migrationTimings, boolean serverSideApply) {
    this(client, regions, config, clusterTimings, migrationTimings, serverSideApply, null);
  }

  /**
   * @param serverSideApply patch status with server-side apply (JOSDK's default, for real API servers);
   *     false uses JSON merge patches, which the Fabric8 mock server understands
   * @param metrics where JOSDK counts reconciliations, failures and their durations per controller and
   *     resource kind; null for none
   */
  public OperatorRuntime(KubernetesClient client, AwsRegions regions, OperatorConfig config,
      ClusterTimings clusterTimings, MigrationTimings migrationTimings, boolean serverSideApply,
      MeterRegistry metrics) {
    this.operator = new Operator(o -> {
      if (metrics != null) {
        // Per controller, not per resource: per-resource series would grow with every cluster ever seen.
        o.withMetrics(MicrometerMetrics.withoutPerResourceMetrics(metrics));
      }
      o.withKubernetesClient(client)
          .withConcurrentReconciliationThreads(config.reconcileConcurrency())
          .withUseSSAToPatchPrimaryResource(serverSideApply)
          .withCloseClientOnStop(false);
      if (config.leaderElection()) {
        var leaderElection = LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(config.leaderElectionName());
        config.leaderElectionNamespace().ifPresent(leaderElection::withLeaseNamespace);
        o.withLeaderElectionConfiguration(leaderElection.build());
      }
    });
    operator.register(new DatabaseClusterReconciler(client, regions, clusterTimings), c -> {
      if (!config.watchesAllNamespaces()) {
        c.settingNamespaces(new HashSet<>(config.watchNamespaces()));
      }
      c.withReconciliationMaxInterval(config.resyncInterval());
    });
    AuroraMigrationReconciler migrations =
        new AuroraMigrationReconciler(
            regions,
            PostgresServers.jdbc(),
            new JdbcDataComparison(),
            UpgradePlanner.fromEngineVersions(),
            sqlTasks,
            migrationTimings,
            Clock.systemUTC());
    var migrationController = operator.register(migrations, c -> {
      if (!config.watchesAllNamespaces()) {
        c.settingNamespaces(new HashSet<>(config.watchNamespaces()));
      }
      c.withReconciliationMaxInterval(config.resyncInterval());
    });
    if (metrics != null) {
      MigrationPhaseMetrics.register(metrics, migrationController);
      StatementCheckMetrics.register(metrics, migrationController);
    }
  }

  public void start() {
    operator.start();
  }

  /** Started and every informer healthy; with leader election, followers report not ready. */
  public boolean isReady() {
    var info = operator.getRuntimeInfo();
    return info.isStarted() && info.allEventSourcesAreHealthy();
  }

  @Override
  public void close() {
    operator.stop();
    sqlTasks.close();
  }
}
