package dev.dbops.aurora.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.aws.MetricAlarm;
import dev.dbops.aurora.aws.MonitoringApi;
import dev.dbops.aurora.aws.sdk.ApiCallCounter;
import dev.dbops.aurora.aws.sdk.SdkAwsRegions;
import dev.dbops.aurora.aws.sdk.SdkMonitoringApi;
import dev.dbops.aurora.model.CloudWatchMonitoringSpec;
import dev.dbops.aurora.model.MonitoringSpec;
import dev.dbops.aurora.model.migration.AuroraMigration;
import dev.dbops.aurora.model.migration.CutoverMode;
import dev.dbops.aurora.model.migration.MigrationPhase;
import dev.dbops.aurora.model.migration.RollbackSpec;
import dev.dbops.aurora.monitoring.MonitoringNames;
import dev.dbops.aurora.testing.CloudWatchOnMoto;
import dev.dbops.aurora.testing.MotoServer;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.DashboardEntry;

/**
 * A migration rolled back after its Monitoring step gave the target alarms and a dashboard: the rollback
 * takes down exactly those, on moto's CloudWatch (through {@link CloudWatchOnMoto}), and leaves every other resource's monitoring alone.
 */
@ExtendWith(MotoServer.class)
class RollbackRemovesMonitoringOnMotoTest {
  /** Names MigrationResources gives the migration: namespace shop, name orders. */
  private static final MonitoringNames MIGRATION = MonitoringNames.forMigration("shop", "orders");
  /** A DatabaseCluster "orders" in the same namespace, and a second migration whose name extends this one's. */
  private static final MonitoringNames CLUSTER = new MonitoringNames("shop", "orders");
  private static final MonitoringNames OTHER_MIGRATION = MonitoringNames.forMigration("shop", "orders-2");

  private final CloudWatchOnMoto proxy = new CloudWatchOnMoto();
  private LocalAuroraMigration bed;
  private SdkAwsRegions moto;
  private MonitoringApi monitoring;
  private CloudWatchClient cloudWatch;

  @BeforeEach
  void start() throws SQLException {
    bed = new LocalAuroraMigration();
    moto = new SdkAwsRegions(MotoServer.settings(), MotoServer.credentials(), SdkAwsRegions.DEFAULT_PAGE_SIZE);
    cloudWatch = moto.configure(CloudWatchClient.builder(), MotoServer.REGION, new ApiCallCounter())
        .endpointOverride(proxy.endpoint()).build();
    monitoring = new SdkMonitoringApi(cloudWatch);
    for (MonitoringNames other : List.of(CLUSTER, OTHER_MIGRATION)) {
      monitoring.putAlarm(alarm(other.alarm("cpu")));
      monitoring.putDashboard(other.dashboard(), "{\"widgets\":[]}");
    }
  }

  @AfterEach
  void close() {
    cloudWatch.close();
    moto.close();
    proxy.close();
    bed.close();
  }

  @Test
  void rollbackDeletesTheTargetsAlarmsAndDashboardAndKeepsMonitoringOfOtherResources() {
    AuroraMigration migration = LocalAuroraMigration.migration();
    migration.getSpec().getCutover().setMode(CutoverMode.Manual);
    migration.getSpec().setMonitoring(alarmsAndDashboard());
    WorkflowRunner runner = bed.runner(migration, monitoring);
    runner.runUntilSettled(WorkflowRunner.Crashes.NONE);
    assertThat(runner.phase()).as(runner.persisted.getStatus().getMessage()).isEqualTo(MigrationPhase.AwaitingCutover);
    assertThat(alarmNames(MIGRATION.alarmPrefix())).as("alarms the Monitoring step created").isNotEmpty();
    assertThat(dashboards()).contains(MIGRATION.dashboard());

    RollbackSpec rollback = new RollbackSpec();
    rollback.setRequested(true);
    runner.persisted.getSpec().setRollback(rollback);
    // Every rollback pass runs twice, the first one's status lost: removing what is gone must be harmless.
    runner.runUntilSettled(WorkflowRunner.Crashes.BEFORE_EVERY_PATCH);

    var status = runner.persisted.getStatus();
    assertThat(runner.phase()).as(status.getMessage()).isEqualTo(MigrationPhase.RolledBack);
    assertThat(alarmNames(MIGRATION.alarmPrefix())).as("the target's alarms").isEmpty();
    assertThat(dashboards()).doesNotContain(MIGRATION.dashboard())
        .contains(CLUSTER.dashboard(), OTHER_MIGRATION.dashboard());
    assertThat(alarmNames("aurora-operator/")).as("other resources' alarms")
        .containsExactlyInAnyOrder(CLUSTER.alarm("cpu"), OTHER_MIGRATION.alarm("cpu"));
    assertThat(status.getRollback().getActions()).filteredOn(a -> a.startsWith(Rollback.MONITORING_REMOVED))
        .singleElement().asString().contains(MIGRATION.alarmPrefix(), MIGRATION.dashboard());
    assertThat(status.getMonitoring().getAlarms()).as("status lists no deleted alarm").isEmpty();
    assertThat(status.getMonitoring().getDashboardName()).isNull();
    assertThat(status.getRollback().getActions()).as("the target itself is kept, as spec says by default")
        .anyMatch(a -> a.startsWith(Rollback.TARGET_KEPT));
  }

  private static MonitoringSpec alarmsAndDashboard() {
    MonitoringSpec spec = new MonitoringSpec();
    CloudWatchMonitoringSpec cw = new CloudWatchMonitoringSpec();
    cw.setAlarmActions(List.of("arn:aws:sns:us-east-1:123456789012:db"));
    spec.setCloudWatch(cw);
    return spec;
  }

  private static MetricAlarm alarm(String name) {
    return new MetricAlarm(name, "someone else's", "AWS/RDS", "CPUUtilization", Map.of("DBClusterIdentifier", "x"),
        "Average", 60, 5, 90, "GreaterThanThreshold", List.of(), Map.of());
  }

  private List<String> alarmNames(String prefix) {
    return cloudWatch.describeAlarms(b -> b.alarmNamePrefix(prefix)).metricAlarms().stream()
        .map(software.amazon.awssdk.services.cloudwatch.model.MetricAlarm::alarmName).toList();
  }

  private List<String> dashboards() {
    return cloudWatch.listDashboards(b -> b.dashboardNamePrefix("aurora-operator")).dashboardEntries().stream()
        .map(DashboardEntry::dashboardName).toList();
  }
}
