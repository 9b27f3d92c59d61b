package dev.dbops.aurora.cluster;

import static dev.dbops.aurora.cluster.DatabaseClusterReconcilerTest.cluster;
import static dev.dbops.aurora.cluster.DatabaseClusterReconcilerTest.eventually;
import static dev.dbops.aurora.cluster.RunningOperator.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.metrics.MetricsServer;
import dev.dbops.aurora.model.cluster.ClusterPhase;
import dev.dbops.aurora.testing.PrometheusText;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operator's /metrics over HTTP after real reconciles. */
class MetricsEndpointTest {
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  RunningOperator op;
  MetricsServer server;

  @BeforeEach
  void start() throws Exception {
    op = new RunningOperator(RunningOperator.FAST, registry);
    server = new MetricsServer(0, registry);
    server.start();
    op.createMasterPasswordSecret(DatabaseClusterReconcilerTest.PASSWORD);
  }

  @AfterEach
  void stop() {
    server.close();
    op.close();
  }

  @Test
  void scrapeAfterReconcilesCountsThemPerResourceKind() {
    op.client.resource(cluster("orders", s -> {})).create();
    eventually(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(op.get("orders").getStatus().getPhase()).isEqualTo(ClusterPhase.Available));

    PrometheusText metrics = PrometheusText.scrape(server.port());

    // Creating, then waiting on the fake's busy reads, then Available: several successful passes.
    assertThat(metrics.find("operator_sdk_reconciliations_success_total", Map.of("kind", "DatabaseCluster")))
        .singleElement().satisfies(s -> assertThat(s.value()).isGreaterThanOrEqualTo(3));
    assertThat(metrics.find("operator_sdk_reconciliations_failed_total", Map.of("kind", "DatabaseCluster")))
        .allSatisfy(s -> assertThat(s.value()).isZero());
    assertThat(metrics.find("operator_sdk_controllers_execution_reconcile_seconds_count",
        Map.of("resource_kind", "DatabaseCluster"))).singleElement()
        .satisfies(s -> assertThat(s.value()).isGreaterThanOrEqualTo(3));
    // Registered for both kinds from the start, before any AuroraMigration exists.
    assertThat(metrics.find("operator_sdk_reconciliations_queue_size_auroramigration", Map.of("kind", "AuroraMigration")))
        .hasSize(1);
  }
}
