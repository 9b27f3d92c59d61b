package dev.dbops.aurora.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.aws.AlarmState;
import dev.dbops.aurora.aws.sdk.ApiCallCounter;
import dev.dbops.aurora.aws.sdk.SdkAwsRegions;
import dev.dbops.aurora.aws.sdk.SdkMonitoringApi;
import dev.dbops.aurora.model.CloudWatchMonitoringSpec;
import dev.dbops.aurora.model.MonitoringSpec;
import dev.dbops.aurora.model.MonitoringStatus;
import dev.dbops.aurora.testing.CloudWatchOnMoto;
import dev.dbops.aurora.testing.MotoServer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

/**
 * CloudWatch switched off when the status of the pass that built the alarms is not visible: a spec edit
 * that lands while that pass runs starts the next pass with the status from before it.
 */
@ExtendWith(MotoServer.class)
class CloudWatchMonitoringOnMotoTest {
  final CloudWatchOnMoto proxy = new CloudWatchOnMoto();
  final MonitoringNames names = new MonitoringNames("apps", "orders");
  SdkAwsRegions aws;
  CloudWatchClient cloudWatch;
  SdkMonitoringApi api;

  @BeforeEach
  void start() {
    aws = new SdkAwsRegions(MotoServer.settings(), MotoServer.credentials(), SdkAwsRegions.DEFAULT_PAGE_SIZE);
    cloudWatch = aws.configure(CloudWatchClient.builder(), MotoServer.REGION, new ApiCallCounter())
        .endpointOverride(proxy.endpoint()).build();
    api = new SdkMonitoringApi(cloudWatch);
  }

  @AfterEach
  void stop() {
    cloudWatch.close();
    aws.close();
    proxy.close();
  }

  MonitoredCluster cluster(boolean cloudWatchOn) {
    CloudWatchMonitoringSpec cw = new CloudWatchMonitoringSpec();
    cw.setEnabled(cloudWatchOn);
    MonitoringSpec spec = new MonitoringSpec();
    spec.setCloudWatch(cw);
    return new MonitoredCluster(names, MotoServer.REGION, "orders-db", 4.0, "orders-db-1", List.of("orders-db-2"),
        spec, Map.of());
  }

  List<String> dashboards() {
    return cloudWatch.listDashboards(b -> b.dashboardNamePrefix("aurora-operator")).dashboardEntries().stream()
        .map(e -> e.dashboardName()).toList();
  }

  @Test
  void switchedOffBeforeTheBuildingPassRecordedItsStatusStillTakesEverythingDown() {
    CloudWatchMonitoring monitoring = new CloudWatchMonitoring();
    MonitoringStatus built = monitoring.apply(api, cluster(true), null, () -> List.of(cluster(true)), Instant.now());
    assertThat(built.getAlarms()).isNotEmpty();
    assertThat(api.describeAlarms(names.alarmPrefix())).isNotEmpty();

    // The next pass still sees no monitoring status.
    MonitoringStatus off = monitoring.apply(api, cluster(false), null, List::of, Instant.now());

    assertThat(api.describeAlarms(names.alarmPrefix())).isEmpty();
    assertThat(dashboards()).isEmpty();
    assertThat(off.getAlarms()).isEmpty();
    assertThat(off.getDashboardName()).isNull();
  }

  @Test
  void aStatusThatSaysEverythingIsDownCostsNoCallsAndAnotherProcessStillCleansUpWithoutOne() {
    CloudWatchMonitoring writer = new CloudWatchMonitoring();
    writer.apply(api, cluster(true), null, () -> List.of(cluster(true)), Instant.now());

    // A restarted operator (nothing written by this process) with a recorded empty status leaves AWS alone...
    CloudWatchMonitoring restarted = new CloudWatchMonitoring();
    MonitoringStatus down = new MonitoringStatus();
    restarted.apply(api, cluster(false), down, List::of, Instant.now());
    assertThat(api.describeAlarms(names.alarmPrefix())).extracting(AlarmState::name).isNotEmpty();

    // ...but with no status recorded at all (killed between the writes and the status patch) it looks.
    restarted.apply(api, cluster(false), null, List::of, Instant.now());
    assertThat(api.describeAlarms(names.alarmPrefix())).isEmpty();
    assertThat(dashboards()).isEmpty();
  }
}
