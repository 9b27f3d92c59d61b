package dev.dbops.aurora.datadog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbops.aurora.aws.SecretValue;
import dev.dbops.aurora.model.AlarmThresholdsSpec;
import dev.dbops.aurora.model.CloudWatchMonitoringSpec;
import dev.dbops.aurora.model.DatadogMonitoringSpec;
import dev.dbops.aurora.model.MonitoringSpec;
import dev.dbops.aurora.model.MonitoringStatus;
import dev.dbops.aurora.monitoring.MonitoredCluster;
import dev.dbops.aurora.monitoring.MonitoringNames;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operator's Datadog calls against a loopback server that answers like Datadog. */
class DatadogMonitoringOnLoopbackTest {
  static final String API_KEY = "dd-api-0123456789abcdef";
  static final String APP_KEY = "dd-app-fedcba9876543210";

  FakeDatadog datadog;
  DatadogConnection connection;
  final DatadogMonitoring monitoring = new DatadogMonitoring(HttpDatadogApi::new);
  final DatadogMonitoringSpec spec = new DatadogMonitoringSpec();

  @BeforeEach
  void start() throws Exception {
    datadog = new FakeDatadog();
    connection = new DatadogConnection("datadoghq.eu", SecretValue.of(API_KEY), SecretValue.of(APP_KEY),
        Optional.of(datadog.endpoint()));
    spec.setNotify(List.of("@slack-db-alerts"));
  }

  @AfterEach
  void stop() {
    datadog.close();
  }

  static MonitoredCluster cluster(Double cpuPercent) {
    MonitoringSpec monitoring = new MonitoringSpec();
    CloudWatchMonitoringSpec cw = new CloudWatchMonitoringSpec();
    AlarmThresholdsSpec thresholds = new AlarmThresholdsSpec();
    thresholds.setCpuPercent(cpuPercent);
    cw.setThresholds(thresholds);
    monitoring.setCloudWatch(cw);
    return new MonitoredCluster(new MonitoringNames("apps", "orders"), "us-east-1", "orders-db", 4.0,
        "orders-db-1", List.of("orders-db-2"), monitoring, Map.of());
  }

  static MonitoringStatus status(DatadogMonitoring.Ids ids) {
    MonitoringStatus status = new MonitoringStatus();
    status.setDatadogMonitorIds(ids.monitorIds());
    status.setDatadogDashboardId(ids.dashboardId());
    return status;
  }

  @Test
  void createsMonitorsAndDashboardWithTheKeysInHeadersThenUpdatesThemInPlace() {
    DatadogMonitoring.Ids first = monitoring.apply(cluster(80.0), spec, connection, null);

    // capacity, cpu, connections, memory, deadlocks and the lag of reader orders-db-2.
    assertThat(first.monitorIds()).hasSize(6).doesNotHaveDuplicates();
    assertThat(datadog.requests).allSatisfy(r -> {
      assertThat(r.apiKey()).isEqualTo(API_KEY);
      assertThat(r.applicationKey()).isEqualTo(APP_KEY);
    });
    assertThat(datadog.requests).filteredOn(r -> r.method().equals("POST") && r.path().equals("/api/v1/monitor"))
        .hasSize(6);
    var cpu = datadog.monitors.values().stream()
        .filter(m -> m.get("name").asText().equals("aurora-operator/apps/orders/cpu")).findFirst().orElseThrow();
    assertThat(cpu.get("type").asText()).isEqualTo("metric alert");
    assertThat(cpu.get("query").asText())
        .isEqualTo("avg(last_15m):avg:aws.rds.cpuutilization{dbclusteridentifier:orders-db} > 80");
    assertThat(cpu.get("options").get("thresholds").get("critical").asDouble()).isEqualTo(80.0);
    assertThat(cpu.get("message").asText()).endsWith(" @slack-db-alerts");
    assertThat(cpu.get("tags").toString()).contains("aurora-operator:apps/orders");
    var lag = datadog.monitors.values().stream()
        .filter(m -> m.get("name").asText().endsWith("/replicaLag-orders-db-2")).findFirst().orElseThrow();
    assertThat(lag.get("query").asText())
        .isEqualTo("max(last_5m):max:aws.rds.aurora_replica_lag{dbinstanceidentifier:orders-db-2} > 2000");
    assertThat(datadog.dashboards).hasSize(1);
    var dashboard = datadog.dashboards.get(first.dashboardId());
    assertThat(dashboard.get("title").asText()).isEqualTo("aurora-operator apps/orders (orders-db)");
    assertThat(dashboard.get("layout_type").asText()).isEqualTo("ordered");
    assertThat(dashboard.toString()).contains("Writer: CPUUtilization").contains("Readers: CPUUtilization")
        .contains("role:reader");

    datadog.requests.clear();
    DatadogMonitoring.Ids unchanged = monitoring.apply(cluster(80.0), spec, connection, status(first));
    assertThat(unchanged).isEqualTo(first);
    assertThat(datadog.requests).isEmpty();

    // A threshold change: every monitor is found by name and owner tag and updated, none created.
    DatadogMonitoring.Ids second = new DatadogMonitoring(HttpDatadogApi::new)
        .apply(cluster(65.0), spec, connection, status(first));
    assertThat(second).isEqualTo(first);
    assertThat(datadog.requests).filteredOn(r -> r.method().equals("POST")).isEmpty();
    assertThat(datadog.requests).filteredOn(r -> r.method().equals("PUT")).hasSize(7);
    assertThat(datadog.requests).filteredOn(r -> r.method().equals("GET") && r.path().equals("/api/v1/monitor"))
        .allSatisfy(r -> assertThat(r.query()).contains("monitor_tags=aurora-operator%3Aapps%2Forders"));
    assertThat(datadog.monitors).hasSize(6);
    assertThat(datadog.monitors.get(Long.valueOf(first.monitorIds().get(1))).get("query").asText()).endsWith("> 65");
    assertThat(datadog.dashboards).hasSize(1);
  }

  @Test
  void removeDeletesOnlyThisClustersMonitorsAndDashboard() {
    monitoring.apply(cluster(80.0), spec, connection, null);
    MonitoredCluster other = new MonitoredCluster(new MonitoringNames("apps", "billing"), "us-east-1", "billing-db",
        4.0, "billing-db-1", List.of(), cluster(80.0).spec(), Map.of());
    monitoring.apply(other, spec, connection, null);
    assertThat(datadog.monitors).hasSize(6 + 5);
    assertThat(datadog.dashboards).hasSize(2);

    monitoring.remove(cluster(80.0), connection);

    assertThat(datadog.monitors.values()).hasSize(5)
        .allSatisfy(m -> assertThat(m.get("name").asText()).startsWith("aurora-operator/apps/billing/"));
    assertThat(datadog.dashboards.values()).singleElement()
        .satisfies(d -> assertThat(d.get("title").asText()).contains("billing"));
  }

  @Test
  void refusedKeysFailWithTheStatusAndWithoutTheKeys() {
    datadog.refuseNext(403);

    assertThatThrownBy(() -> monitoring.apply(cluster(80.0), spec, connection, null))
        .isInstanceOfSatisfying(DatadogException.class, e -> {
          assertThat(e.status()).isEqualTo(403);
          assertThat(e.isAuthorization()).isTrue();
          assertThat(e.getMessage()).contains("HTTP 403").doesNotContain(API_KEY).doesNotContain(APP_KEY);
        });
    assertThat(connection.toString()).doesNotContain(API_KEY).doesNotContain(APP_KEY);
    assertThat(datadog.monitors).isEmpty();
  }

  @Test
  void rateLimitedCallIsRetriedAfterTheResetTheServerAnnounces() {
    datadog.refuseNext(429);

    DatadogMonitoring.Ids ids = monitoring.apply(cluster(80.0), spec, connection, null);

    assertThat(ids.monitorIds()).hasSize(6);
    // The first listing was refused once and asked again once the announced reset (1 s) had passed.
    assertThat(datadog.requests.get(0).path()).isEqualTo("/api/v1/monitor");
    assertThat(datadog.requests.get(1).path()).isEqualTo("/api/v1/monitor");
    assertThat(datadog.requests.get(1).method()).isEqualTo("GET");
    assertThat(datadog.requests.get(1).receivedNanos() - datadog.requests.get(0).receivedNanos())
        .isGreaterThanOrEqualTo(1_000_000_000L);
    assertThat(datadog.monitors).hasSize(6);
  }
}
