package dev.dbops.aurora.cluster;

import static dev.dbops.aurora.cluster.RunningOperator.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.aws.AuroraCluster;
import dev.dbops.aurora.datadog.FakeDatadog;
import dev.dbops.aurora.model.DatadogMonitoringSpec;
import dev.dbops.aurora.model.MonitoringSpec;
import dev.dbops.aurora.model.SecretKeyRef;
import dev.dbops.aurora.model.cluster.DatabaseCluster;
import dev.dbops.aurora.model.cluster.DatabaseClusterStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Datadog monitors a DatabaseCluster's monitoring made go away with spec.monitoring.datadog, taken
 * down with the key Secrets status recorded, by a fresh process that remembers nothing but status.
 */
class ClusterDatadogRemovalTest {
  static final String API_KEY = "dd-api-0123456789abcdef";
  static final String APP_KEY = "dd-app-fedcba9876543210";

  final KubernetesMockServer server = new KubernetesMockServer(
      new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
  KubernetesClient client;
  FakeDatadog datadog;
  final FakeAwsRegions aws = new FakeAwsRegions(0);
  AuroraCluster orders;
  AuroraCluster billing;

  @BeforeEach
  void start() throws Exception {
    client = RunningOperator.startApiServer(server);
    client.secrets().inNamespace(NAMESPACE).resource(new SecretBuilder()
        .withNewMetadata().withName("datadog-keys").withNamespace(NAMESPACE).endMetadata()
        .addToStringData("api", API_KEY).addToStringData("app", APP_KEY).build()).create();
    datadog = new FakeDatadog();
    aws.region("us-east-1").addExistingCluster("orders-db", "15.10", Map.of());
    aws.region("us-east-1").addExistingCluster("billing-db", "15.10", Map.of());
    orders = aws.region("us-east-1").describe("orders-db");
    billing = aws.region("us-east-1").describe("billing-db");
  }

  @AfterEach
  void stop() {
    datadog.close();
    client.close();
    server.destroy();
  }

  /** A fresh operator process: nothing in memory, Datadog reached on the loopback fake. */
  ClusterMonitoringSync newProcess() {
    return new ClusterMonitoringSync(client, aws, new ClusterEvents(client), Optional.of(datadog.endpoint()));
  }

  DatabaseCluster withDatadog(String name) {
    DatabaseCluster dbc = DatabaseClusterReconcilerTest.cluster(name, s -> {
      DatadogMonitoringSpec dd = new DatadogMonitoringSpec();
      dd.setApiKeySecretRef(ref("api"));
      dd.setApplicationKeySecretRef(ref("app"));
      MonitoringSpec monitoring = new MonitoringSpec();
      monitoring.setDatadog(dd);
      s.setMonitoring(monitoring);
    });
    return client.resource(dbc).create();
  }

  static SecretKeyRef ref(String key) {
    SecretKeyRef ref = new SecretKeyRef();
    ref.setName("datadog-keys");
    ref.setKey(key);
    return ref;
  }

  /** Status as the API server keeps it: only what survives serialisation. */
  static DatabaseClusterStatus persisted(DatabaseClusterStatus status) {
    return Serialization.unmarshal(Serialization.asJson(status), DatabaseClusterStatus.class);
  }

  void observe(ClusterMonitoringSync sync, DatabaseCluster resource, AuroraCluster cluster, DatabaseClusterStatus status) {
    sync.observe(resource, DesiredCluster.of(resource, "us-east-1"), cluster, status);
  }

  List<Long> monitorsOf(String name) {
    return datadog.monitors.entrySet().stream()
        .filter(e -> e.getValue().get("tags").toString().contains("aurora-operator:" + NAMESPACE + "/" + name + "\""))
        .map(Map.Entry::getKey).toList();
  }

  List<Event> events(String reason) {
    return client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(e -> reason.equals(e.getReason())).toList();
  }

  @Test
  void removingDatadogDeletesItsMonitorsWithTheRecordedKeysAfterARestartAndKeepsOtherClusters() {
    DatabaseCluster resource = withDatadog("orders");
    DatabaseCluster other = withDatadog("billing");
    DatabaseClusterStatus status = new DatabaseClusterStatus();
    ClusterMonitoringSync before = newProcess();
    observe(before, resource, orders, status);
    observe(before, other, billing, new DatabaseClusterStatus());
    assertThat(monitorsOf("orders")).isNotEmpty();
    assertThat(monitorsOf("billing")).isNotEmpty();
    assertThat(datadog.dashboards).hasSize(2);
    String recorded = Serialization.asYaml(status);
    assertThat(recorded).contains("datadog-keys").doesNotContain(API_KEY).doesNotContain(APP_KEY);

    resource.getSpec().getMonitoring().setDatadog(null);
    datadog.acceptOnly(API_KEY, APP_KEY);
    datadog.requests.clear();
    DatabaseClusterStatus afterRestart = persisted(status);
    observe(newProcess(), resource, orders, afterRestart);

    assertThat(monitorsOf("orders")).isEmpty();
    assertThat(monitorsOf("billing")).isNotEmpty();
    assertThat(datadog.dashboards.values()).singleElement()
        .satisfies(d -> assertThat(d.get("title").asText()).contains("billing"));
    assertThat(datadog.requests).filteredOn(r -> r.method().equals("DELETE")).isNotEmpty()
        .allSatisfy(r -> assertThat(r.apiKey()).isEqualTo(API_KEY));
    assertThat(afterRestart.getMonitoring().getDatadog()).isNull();
    assertThat(afterRestart.getMonitoring().getDatadogMonitorIds()).isEmpty();
    assertThat(afterRestart.getMonitoring().getDatadogDashboardId()).isNull();
    assertThat(events("DatadogMonitoringRemoved")).singleElement();

    // Gone is gone: the next pass asks Datadog nothing.
    datadog.requests.clear();
    observe(newProcess(), resource, orders, afterRestart);
    assertThat(datadog.requests).isEmpty();
  }

  @Test
  void removingSpecMonitoringAltogetherDeletesTheDatadogMonitorsToo() {
    DatabaseCluster resource = withDatadog("orders");
    DatabaseClusterStatus status = new DatabaseClusterStatus();
    observe(newProcess(), resource, orders, status);
    assertThat(monitorsOf("orders")).isNotEmpty();

    resource.getSpec().setMonitoring(null);
    DatabaseClusterStatus afterRestart = persisted(status);
    observe(newProcess(), resource, orders, afterRestart);

    assertThat(monitorsOf("orders")).isEmpty();
    assertThat(datadog.dashboards).isEmpty();
    assertThat(afterRestart.getMonitoring()).isNull();
  }

  @Test
  void keySecretGoneIsOneWarningNotALoop() {
    DatabaseCluster resource = withDatadog("orders");
    DatabaseClusterStatus status = new DatabaseClusterStatus();
    observe(newProcess(), resource, orders, status);
    int monitors = monitorsOf("orders").size();
    client.secrets().inNamespace(NAMESPACE).withName("datadog-keys").delete();

    resource.getSpec().getMonitoring().setDatadog(null);
    datadog.requests.clear();
    ClusterMonitoringSync sync = newProcess();
    observe(sync, resource, orders, status);
    observe(sync, resource, orders, status);
    observe(newProcess(), resource, orders, persisted(status));

    assertThat(events("DatadogNotRemoved")).singleElement().satisfies(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getMessage()).contains("datadog-keys").contains("aurora-operator:apps/orders")
          .doesNotContain(API_KEY);
    });
    assertThat(datadog.requests).isEmpty();
    assertThat(monitorsOf("orders")).hasSize(monitors);
    assertThat(status.getMonitoring().getDatadog()).isNull();
  }

  @Test
  void aCreateDatadogAppliedButAnsweredWith500LeavesOneMonitorPerAlarmAfterTheNextPass() {
    DatabaseCluster resource = withDatadog("orders");
    datadog.failNextCreateAfterApplying(500);
    DatabaseClusterStatus status = new DatabaseClusterStatus();
    ClusterMonitoringSync sync = newProcess();

    observe(sync, resource, orders, status);
    assertThat(monitorsOf("orders")).hasSize(1);
    assertThat(events("DatadogFailed")).singleElement()
        .satisfies(e -> assertThat(e.getMessage()).contains("create monitor").contains("500"));
    assertThat(datadog.requests).filteredOn(r -> r.method().equals("POST")).hasSize(1);

    DatabaseClusterStatus next = persisted(status);
    observe(sync, resource, orders, next);

    List<Long> monitors = monitorsOf("orders");
    List<String> names = monitors.stream().map(id -> datadog.monitors.get(id).get("name").asText()).toList();
    assertThat(names).doesNotHaveDuplicates().hasSizeGreaterThan(1);
    assertThat(next.getMonitoring().getDatadogMonitorIds())
        .containsExactlyInAnyOrderElementsOf(monitors.stream().map(String::valueOf).toList());
    assertThat(datadog.dashboards).hasSize(1);
  }
}
