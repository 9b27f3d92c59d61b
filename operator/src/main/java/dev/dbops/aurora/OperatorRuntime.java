package dev.dbops.aurora;

import dev.dbops.aurora.aws.AwsRegions;
import dev.dbops.aurora.cluster.ClusterTimings;
import dev.dbops.aurora.cluster.DatabaseClusterReconciler;
import dev.dbops.aurora.config.OperatorConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import java.util.HashSet;

/**
 * The JOSDK operator with its reconcilers, built from an {@link OperatorConfig}. {@link AuroraOperator}
 * runs it as a process; tests run it in-process against a mock API server with a fake AWS.
 */
public final class OperatorRuntime implements AutoCloseable {
  private final Operator operator;

  public OperatorRuntime(KubernetesClient client, AwsRegions regions, OperatorConfig config) {
    this(client, regions, config, ClusterTimings.standard(config.resyncInterval()), true);
  }

  /**
   * @param serverSideApply patch status with server-side apply (JOSDK's default, for real API servers);
   *     false uses JSON merge patches, which the Fabric8 mock server understands
   */
  public OperatorRuntime(KubernetesClient client, AwsRegions regions, OperatorConfig config,
      ClusterTimings clusterTimings, boolean serverSideApply) {
    this.operator = new Operator(o -> {
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
    // The AuroraMigration reconciler is registered here, next to DatabaseClusterReconciler, with the
    // same namespace setting.
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
  }
}
