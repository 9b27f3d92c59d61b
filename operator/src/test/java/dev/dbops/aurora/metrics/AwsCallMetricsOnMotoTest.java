package dev.dbops.aurora.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbops.aurora.aws.AwsException;
import dev.dbops.aurora.aws.ClusterApi;
import dev.dbops.aurora.aws.sdk.SdkAwsRegions;
import dev.dbops.aurora.testing.MotoServer;
import dev.dbops.aurora.testing.PrometheusText;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** AWS calls counted by API and outcome, read back from /metrics over HTTP. */
@ExtendWith(MotoServer.class)
class AwsCallMetricsOnMotoTest {
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  SdkAwsRegions aws;
  MetricsServer server;

  @BeforeEach
  void start() throws Exception {
    aws = new SdkAwsRegions(MotoServer.settings(), MotoServer.credentials(), SdkAwsRegions.DEFAULT_PAGE_SIZE,
        List.of(new AwsCallMetrics(registry)));
    server = new MetricsServer(0, registry);
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
    aws.close();
  }

  @Test
  void countsSuccessfulAndRefusedCallsByApiAndErrorCode() {
    ClusterApi rds = aws.clusters(MotoServer.REGION);
    assertThat(rds.findCluster("absent-db")).isEmpty();
    assertThatThrownBy(() -> rds.deleteInstance("absent-db-1")).isInstanceOf(AwsException.class);

    PrometheusText metrics = PrometheusText.scrape(server.port());

    assertThat(metrics.find("aurora_aws_calls_total", Map.of("service", "Rds", "api", "DescribeDBClusters",
        "outcome", "success"))).singleElement().satisfies(s -> assertThat(s.value()).isGreaterThanOrEqualTo(1));
    assertThat(metrics.find("aurora_aws_calls_total", Map.of("service", "Rds", "api", "DeleteDBInstance",
        "outcome", "DBInstanceNotFound"))).singleElement().satisfies(s -> assertThat(s.value()).isEqualTo(1));
    assertThat(metrics.find("aurora_aws_calls_total", Map.of("api", "DeleteDBInstance", "outcome", "success")))
        .isEmpty();
  }
}
