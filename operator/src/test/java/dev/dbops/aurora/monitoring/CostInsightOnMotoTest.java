package dev.dbops.aurora.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.aws.sdk.ApiCallCounter;
import dev.dbops.aurora.aws.sdk.SdkAwsRegions;
import dev.dbops.aurora.aws.sdk.SdkMonitoringApi;
import dev.dbops.aurora.model.CostSpec;
import dev.dbops.aurora.model.CostStatus;
import dev.dbops.aurora.testing.CloudWatchOnMoto;
import dev.dbops.aurora.testing.MotoServer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/** ACU-hours and the monthly estimate from capacity datapoints put into CloudWatch on moto. */
@ExtendWith(MotoServer.class)
class CostInsightOnMotoTest {
  final CloudWatchOnMoto proxy = new CloudWatchOnMoto();
  final ApiCallCounter calls = new ApiCallCounter();
  SdkAwsRegions aws;
  CloudWatchClient cloudWatch;
  SdkMonitoringApi api;
  // The window ends at the last full hour before "now"; half past keeps every put point clear of edges.
  final Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofMinutes(30));
  final Instant end = now.truncatedTo(ChronoUnit.HOURS);

  @BeforeEach
  void start() {
    aws = new SdkAwsRegions(MotoServer.settings(), MotoServer.credentials(), SdkAwsRegions.DEFAULT_PAGE_SIZE);
    cloudWatch = aws.configure(CloudWatchClient.builder(), MotoServer.REGION, calls)
        .endpointOverride(proxy.endpoint()).build();
    api = new SdkMonitoringApi(cloudWatch);
  }

  @AfterEach
  void stop() {
    cloudWatch.close();
    aws.close();
    proxy.close();
  }

  void capacity(String cluster, Instant at, double acu) {
    cloudWatch.putMetricData(b -> b.namespace("AWS/RDS").metricData(d -> d
        .metricName("ServerlessDatabaseCapacity")
        .dimensions(Dimension.builder().name("DBClusterIdentifier").value(cluster).build())
        .timestamp(at)
        .value(acu)
        .unit(StandardUnit.COUNT)));
  }

  static CostSpec spec(int days, double price) {
    CostSpec spec = new CostSpec();
    spec.setWindowDays(days);
    spec.setPricePerAcuHour(price);
    return spec;
  }

  @Test
  void sumsHourlyAveragesIntoAcuHoursAndScalesThemToThirtyDays() {
    // Hour end-3h: samples 2.0 and 4.0 -> average 3.0 ACU -> 3.0 ACU-hours
    capacity("orders-db", end.minus(Duration.ofMinutes(170)), 2.0);
    capacity("orders-db", end.minus(Duration.ofMinutes(130)), 4.0);
    // Hour end-2h: one sample 1.0 -> 1.0 ACU-hours
    capacity("orders-db", end.minus(Duration.ofMinutes(115)), 1.0);
    // Hour end-1h: samples 0.5 and 1.5 -> average 1.0 -> 1.0 ACU-hours
    capacity("orders-db", end.minus(Duration.ofMinutes(50)), 0.5);
    capacity("orders-db", end.minus(Duration.ofMinutes(10)), 1.5);
    // Left out: the current, unfinished hour; before the one-day window; another cluster.
    capacity("orders-db", end.plus(Duration.ofMinutes(5)), 64.0);
    capacity("orders-db", end.minus(Duration.ofHours(25)), 64.0);
    capacity("billing-db", end.minus(Duration.ofMinutes(50)), 64.0);

    CostStatus cost = CostInsight.refresh(api, "orders-db", spec(1, 0.16), null, now);

    // By hand: ACU-hours = 3.0 + 1.0 + 1.0 = 5.0 over 3 hours with data.
    // Monthly = 5.0 / 3 h * 720 h * 0.16 USD = 1200 ACU-hours * 0.16 = 192.00 USD.
    assertThat(cost.getAcuHours()).isEqualTo(5.0);
    assertThat(cost.getEstimatedMonthlyCost()).isEqualTo(192.0);
    assertThat(cost.getWindowEnd()).isEqualTo(end.toString());
    assertThat(cost.getWindowStart()).isEqualTo(end.minus(Duration.ofDays(1)).toString());
  }

  @Test
  void keepsTheFigureWithinTheHourAndRecomputesAfterIt() {
    capacity("orders-db", end.minus(Duration.ofMinutes(30)), 2.0);
    CostStatus first = CostInsight.refresh(api, "orders-db", spec(7, 0.12), null, now);
    long queries = calls.count("GetMetricData");
    // 2.0 ACU for 1 hour: 2.0 ACU-hours; 2.0 / 1 h * 720 h * 0.12 = 172.80 USD.
    assertThat(first.getAcuHours()).isEqualTo(2.0);
    assertThat(first.getEstimatedMonthlyCost()).isEqualTo(172.8);

    CostStatus again = CostInsight.refresh(api, "orders-db", spec(7, 0.12), first, now.plus(Duration.ofMinutes(20)));
    assertThat(again).isSameAs(first);
    assertThat(calls.count("GetMetricData")).isEqualTo(queries);

    capacity("orders-db", end.plus(Duration.ofMinutes(40)), 4.0);
    CostStatus later = CostInsight.refresh(api, "orders-db", spec(7, 0.12), first, now.plus(Duration.ofMinutes(40)));
    // Hours end-1h (2.0) and end (4.0): 6.0 ACU-hours; 6.0 / 2 h * 720 h * 0.12 = 259.20 USD.
    assertThat(later.getAcuHours()).isEqualTo(6.0);
    assertThat(later.getEstimatedMonthlyCost()).isEqualTo(259.2);
    assertThat(calls.count("GetMetricData")).isEqualTo(queries + 1);
  }
}
