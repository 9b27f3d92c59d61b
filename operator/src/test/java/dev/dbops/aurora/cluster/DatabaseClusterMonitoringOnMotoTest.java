package dev.dbops.aurora.cluster;

import static dev.dbops.aurora.cluster.DatabaseClusterReconcilerTest.cluster;
import static dev.dbops.aurora.cluster.DatabaseClusterReconcilerTest.eventually;
import static dev.dbops.aurora.cluster.RunningOperator.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbops.aurora.aws.sdk.ApiCallCounter;
import dev.dbops.aurora.aws.sdk.SdkAwsRegions;
import dev.dbops.aurora.aws.sdk.SdkMonitoringApi;
import dev.dbops.aurora.testing.CloudWatchOnMoto;
import dev.dbops.aurora.model.AlarmThresholdsSpec;
import dev.dbops.aurora.model.CloudWatchMonitoringSpec;
import dev.dbops.aurora.model.InstancesSpec;
import dev.dbops.aurora.model.MonitoringSpec;
import dev.dbops.aurora.model.cluster.DatabaseCluster;
import dev.dbops.aurora.model.cluster.DeletionPolicy;
import dev.dbops.aurora.testing.MotoServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;

/** The real operator with a fake RDS and CloudWatch on moto: alarms and dashboards follow the resource. */
@ExtendWith(MotoServer.class)
class DatabaseClusterMonitoringOnMotoTest {
  static final String SNS = "arn:aws:sns:us-east-1:123456789012:db-alerts";
  static final String PREFIX = "aurora-operator/" + NAMESPACE + "/";
  static final ObjectMapper JSON = new ObjectMapper();

  final CloudWatchOnMoto proxy = new CloudWatchOnMoto();
  RunningOperator op;
  SdkAwsRegions aws;
  CloudWatchClient cloudWatch;

  @BeforeEach
  void start() {
    aws = new SdkAwsRegions(MotoServer.settings(), MotoServer.credentials(), SdkAwsRegions.DEFAULT_PAGE_SIZE);
    cloudWatch = aws.configure(CloudWatchClient.builder(), MotoServer.REGION, new ApiCallCounter())
        .endpointOverride(proxy.endpoint()).build();
    SdkMonitoringApi monitoring = new SdkMonitoringApi(cloudWatch);
    op = new RunningOperator();
    op.aws.monitoringSource = region -> monitoring;
    op.createMasterPasswordSecret(DatabaseClusterReconcilerTest.PASSWORD);
  }

  @AfterEach
  void stop() {
    op.close();
    cloudWatch.close();
    aws.close();
    proxy.close();
  }

  static DatabaseCluster monitored(String name, Consumer<CloudWatchMonitoringSpec> customize) {
    return cluster(name, s -> {
      InstancesSpec instances = new InstancesSpec();
      instances.setCount(3);
      s.setInstances(instances);
      s.setDeletionPolicy(DeletionPolicy.Retain);
      CloudWatchMonitoringSpec cw = new CloudWatchMonitoringSpec();
      cw.setAlarmActions(List.of(SNS));
      customize.accept(cw);
      MonitoringSpec monitoring = new MonitoringSpec();
      monitoring.setCloudWatch(cw);
      s.setMonitoring(monitoring);
    });
  }

  Map<String, MetricAlarm> alarms() {
    return cloudWatch.describeAlarms(b -> b.alarmNamePrefix(PREFIX)).metricAlarms().stream()
        .collect(Collectors.toMap(MetricAlarm::alarmName, a -> a));
  }

  List<String> dashboards() {
    List<String> names = new ArrayList<>();
    cloudWatch.listDashboards(b -> b.dashboardNamePrefix("aurora-operator"))
        .dashboardEntries().forEach(e -> names.add(e.dashboardName()));
    return names;
  }

  JsonNode dashboard(String name) throws Exception {
    return JSON.readTree(cloudWatch.getDashboard(b -> b.dashboardName(name)).dashboardBody());
  }

  static Map<String, String> dims(MetricAlarm alarm) {
    return alarm.dimensions().stream().collect(Collectors.toMap(Dimension::name, Dimension::value));
  }

  @Test
  void createsAlarmsPerClusterAndReaderAndBothDashboards() throws Exception {
    op.client.resource(monitored("orders", cw -> {})).create();

    String p = PREFIX + "orders/";
    eventually(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(alarms().keySet()).containsExactlyInAnyOrder(
        p + "capacity", p + "cpu", p + "connections", p + "memory", p + "deadlocks",
        p + "replicaLag-orders-db-2", p + "replicaLag-orders-db-3"));
    Map<String, MetricAlarm> alarms = alarms();

    MetricAlarm capacity = alarms.get(p + "capacity");
    assertThat(capacity.metricName()).isEqualTo("ServerlessDatabaseCapacity");
    assertThat(capacity.namespace()).isEqualTo("AWS/RDS");
    assertThat(dims(capacity)).isEqualTo(Map.of("DBClusterIdentifier", "orders-db"));
    // maxCapacity 4 ACU, default 90 %: 3.6 ACU.
    assertThat(capacity.threshold()).isEqualTo(3.6);
    assertThat(capacity.alarmActions()).containsExactly(SNS);
    assertThat(alarms.get(p + "cpu").threshold()).isEqualTo(80.0);
    assertThat(alarms.get(p + "memory").threshold()).isEqualTo(256.0 * 1024 * 1024);
    assertThat(alarms.get(p + "memory").comparisonOperatorAsString()).isEqualTo("LessThanThreshold");
    MetricAlarm lag = alarms.get(p + "replicaLag-orders-db-2");
    assertThat(lag.metricName()).isEqualTo("AuroraReplicaLag");
    assertThat(dims(lag)).isEqualTo(Map.of("DBInstanceIdentifier", "orders-db-2"));
    assertThat(cloudWatch.listTagsForResource(b -> b.resourceARN(capacity.alarmArn())).tags())
        .anySatisfy(t -> assertThat(t.key() + "=" + t.value()).isEqualTo("aurora.dbops.dev/owner=apps/orders"));

    assertThat(dashboards()).containsExactlyInAnyOrder("aurora-operator_apps_orders", "aurora-operator-fleet_apps_us-east-1");
    JsonNode own = dashboard("aurora-operator_apps_orders");
    List<String> titles = new ArrayList<>();
    own.get("widgets").forEach(w -> titles.add(w.path("properties").path("title").asText()));
    assertThat(titles).contains("Writer: CPU %", "Readers: CPU %", "Writer: queries (SELECT/s)",
        "Readers: queries (SELECT/s)", "Replica lag (ms)");
    assertThat(own.toString()).contains("[\"AWS/RDS\",\"SelectThroughput\",\"DBInstanceIdentifier\",\"orders-db-3\"");
    assertThat(dashboard("aurora-operator-fleet_apps_us-east-1").toString())
        .contains("[\"AWS/RDS\",\"ServerlessDatabaseCapacity\",\"DBClusterIdentifier\",\"orders-db\"");

    eventually(Duration.ofSeconds(10)).untilAsserted(() -> {
      var status = op.get("orders").getStatus().getMonitoring();
      assertThat(status.getAlarms()).hasSize(7).allSatisfy(a -> assertThat(a.getState()).isNotBlank());
      assertThat(status.getDashboardName()).isEqualTo("aurora-operator_apps_orders");
      assertThat(status.getDashboardUrl()).isEqualTo("https://us-east-1.console.aws.amazon.com/cloudwatch/home"
          + "?region=us-east-1#dashboards:name=aurora-operator_apps_orders");
    });
  }

  @Test
  void thresholdChangeUpdatesTheAlarmInPlaceAndDisabledAlarmsAreDeleted() {
    op.client.resource(monitored("orders", cw -> {})).create();
    String cpu = PREFIX + "orders/cpu";
    eventually(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(alarms()).containsKey(cpu).hasSize(7));

    op.editSpec("orders", spec -> {
      AlarmThresholdsSpec thresholds = new AlarmThresholdsSpec();
      thresholds.setCpuPercent(65.0);
      spec.getMonitoring().getCloudWatch().setThresholds(thresholds);
      spec.getMonitoring().getCloudWatch().setDisabledAlarms(List.of("deadlocks", "replicaLag"));
    });

    eventually(Duration.ofSeconds(30)).untilAsserted(() -> {
      Map<String, MetricAlarm> alarms = alarms();
      assertThat(alarms.get(cpu).threshold()).isEqualTo(65.0);
      assertThat(alarms.keySet()).containsExactlyInAnyOrder(PREFIX + "orders/capacity", cpu,
          PREFIX + "orders/connections", PREFIX + "orders/memory");
    });
    assertThat(cloudWatch.describeAlarms(b -> b.alarmNamePrefix(cpu)).metricAlarms()).hasSize(1);
  }

  @Test
  void removingSpecMonitoringTakesDownAlarmsAndDashboards() {
    op.client.resource(monitored("orders", cw -> {})).create();
    eventually(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(alarms()).hasSize(7);
      assertThat(dashboards()).hasSize(2);
    });

    op.editSpec("orders", spec -> {
      spec.setMonitoring(null);
    });

    eventually(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(alarms()).isEmpty();
      assertThat(dashboards()).isEmpty();
      assertThat(op.get("orders").getStatus().getMonitoring()).isNull();
    });
  }

  @Test
  void switchingCloudWatchOffTakesDownAlarmsAndDashboardsOnce() {
    op.client.resource(monitored("orders", cw -> {})).create();
    eventually(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(alarms()).hasSize(7);
      assertThat(dashboards()).hasSize(2);
    });

    op.editSpec("orders", spec -> spec.getMonitoring().getCloudWatch().setEnabled(false));

    eventually(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(alarms()).isEmpty();
      assertThat(dashboards()).isEmpty();
      assertThat(op.get("orders").getStatus().getMonitoring().getAlarms()).isEmpty();
      assertThat(op.get("orders").getStatus().getMonitoring().getDashboardName()).isNull();
    });
  }

  @Test
  void deletingTheResourceRemovesItsAlarmsAndDashboardAndTheFleetFollows() throws Exception {
    op.client.resource(monitored("orders", cw -> {})).create();
    op.client.resource(monitored("billing", cw -> {})).create();
    eventually(Duration.ofSeconds(40)).untilAsserted(() -> {
      assertThat(dashboards()).containsExactlyInAnyOrder(
          "aurora-operator_apps_orders", "aurora-operator_apps_billing", "aurora-operator-fleet_apps_us-east-1");
      assertThat(dashboard("aurora-operator-fleet_apps_us-east-1").toString()).contains("orders-db").contains("billing-db");
    });

    op.client.resources(DatabaseCluster.class).inNamespace(NAMESPACE).withName("orders").delete();

    eventually(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(alarms().keySet()).noneMatch(n -> n.startsWith(PREFIX + "orders/"))
          .anyMatch(n -> n.startsWith(PREFIX + "billing/"));
      assertThat(dashboards()).containsExactlyInAnyOrder("aurora-operator_apps_billing", "aurora-operator-fleet_apps_us-east-1");
      assertThat(dashboard("aurora-operator-fleet_apps_us-east-1").toString()).doesNotContain("orders-db").contains("billing-db");
    });
    // deletionPolicy Retain: the cluster stays in AWS, its monitoring does not.
    assertThat(op.api().findCluster("orders-db")).isPresent();

    op.client.resources(DatabaseCluster.class).inNamespace(NAMESPACE).withName("billing").delete();
    eventually(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(alarms()).isEmpty();
      assertThat(dashboards()).isEmpty();
    });
  }
}
