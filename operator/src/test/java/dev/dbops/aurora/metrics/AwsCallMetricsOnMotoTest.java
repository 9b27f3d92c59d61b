package dev.dbops.aurora.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbops.aurora.aws.AwsException;
import dev.dbops.aurora.aws.AwsSettings;
import dev.dbops.aurora.aws.ClusterApi;
import dev.dbops.aurora.aws.sdk.ApiCallCounter;
import dev.dbops.aurora.aws.sdk.SdkAwsRegions;
import dev.dbops.aurora.testing.MotoServer;
import dev.dbops.aurora.testing.PrometheusText;
import dev.dbops.aurora.testing.strictrds.FaultCounts;
import dev.dbops.aurora.testing.strictrds.Settings;
import dev.dbops.aurora.testing.strictrds.StrictRds;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.rds.RdsClient;

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
    assertThat(metrics.find("aurora_aws_call_attempt_failures_total", Map.of("service", "Rds", "api", "DeleteDBInstance",
        "reason", "Refused"))).as("a 404 answer: refused, not AWS's trouble, and not retried")
        .singleElement().satisfies(s -> assertThat(s.value()).isEqualTo(1));
  }

  /**
   * StrictRds in front of moto answers three requests in ten with Throttling, InternalFailure or
   * ServiceUnavailable; the SDK retries them away, so every call succeeds and aurora_aws_calls_total shows
   * only successes. The attempt series must show each injected failure, by API and kind.
   */
  @Test
  void countsEveryFailedAttemptTheSdkRetriedAwayByApiAndKind() {
    FaultCounts injected;
    try (StrictRds strict = StrictRds.inFrontOf(MotoServer.endpoint(), Settings.instant().withFaults(0.3, 11));
        SdkAwsRegions faulty = new SdkAwsRegions(
            new AwsSettings(MotoServer.REGION, Optional.of(strict.endpoint()), Duration.ZERO, 10),
            MotoServer.credentials(), SdkAwsRegions.DEFAULT_PAGE_SIZE, List.of(new AwsCallMetrics(registry)));
        RdsClient rds = faulty.configure(RdsClient.builder(), MotoServer.REGION, new ApiCallCounter()).build()) {
      for (int i = 0; i < 8; i++) {
        rds.describeDBClusters();
        rds.describeDBClusterSnapshots();
      }
      injected = strict.counts();
    }

    PrometheusText metrics = PrometheusText.scrape(server.port());

    assertThat(injected.injected("Throttling")).as("throttling injected: " + injected).isPositive();
    assertThat(injected.injected("InternalFailure") + injected.injected("ServiceUnavailable"))
        .as("5xx injected: " + injected).isPositive();
    for (String api : List.of("DescribeDBClusters", "DescribeDBClusterSnapshots")) {
      assertThat(sum(metrics, "aurora_aws_calls_total", Map.of("api", api, "outcome", "success")))
          .as("%s calls, each once, all successful in the end", api).isEqualTo(8);
      assertThat(sum(metrics, "aurora_aws_call_attempt_failures_total",
          Map.of("service", "Rds", "api", api, "reason", "Throttling")))
          .as("%s attempts throttled", api).isEqualTo(injected.injected(api, "Throttling"));
      assertThat(sum(metrics, "aurora_aws_call_attempt_failures_total",
          Map.of("service", "Rds", "api", api, "reason", "ServerError")))
          .as("%s attempts answered 5xx", api)
          .isEqualTo(injected.injected(api, "InternalFailure") + injected.injected(api, "ServiceUnavailable"));
    }
  }

  @Test
  void namesServicesInBothSeriesAlike() {
    assertThat(List.of("RDS", "CloudWatch", "Route 53", "STS", "Secrets Manager").stream()
        .map(AwsCallMetrics::serviceLabel).toList())
        .containsExactly("Rds", "CloudWatch", "Route53", "Sts", "SecretsManager");
  }

  private static long sum(PrometheusText metrics, String name, Map<String, String> labels) {
    return (long) metrics.find(name, labels).stream().mapToDouble(PrometheusText.Sample::value).sum();
  }
}
