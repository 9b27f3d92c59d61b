package dev.dbops.aurora.cluster;

import static dev.dbops.aurora.cluster.DatabaseClusterReconcilerTest.cluster;
import static dev.dbops.aurora.cluster.DatabaseClusterReconcilerTest.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbops.aurora.AuroraOperator;
import dev.dbops.aurora.aws.AwsSettings;
import dev.dbops.aurora.aws.sdk.SdkAwsRegions;
import dev.dbops.aurora.metrics.AwsCallMetrics;
import dev.dbops.aurora.metrics.MetricsServer;
import dev.dbops.aurora.metrics.MigrationPhaseMetrics;
import dev.dbops.aurora.model.migration.AuroraMigration;
import dev.dbops.aurora.testing.MigrationResources;
import dev.dbops.aurora.model.cluster.ClusterPhase;
import dev.dbops.aurora.testing.MotoServer;
import dev.dbops.aurora.testing.PrometheusText;
import dev.dbops.aurora.testing.strictrds.Settings;
import dev.dbops.aurora.testing.strictrds.StrictRds;
import dev.dbops.aurora.OperatorRuntime;
import dev.dbops.aurora.config.OperatorConfig;
import dev.dbops.aurora.migration.MigrationTimings;
import dev.dbops.aurora.model.cluster.DatabaseCluster;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chart's Grafana dashboard (helm/aurora-operator/dashboards/aurora-operator.json): the fields Grafana needs
 * to import it, and every metric its queries name present in a scrape of the operator's /metrics after it
 * reconciled a DatabaseCluster through the AWS SDK (moto behind StrictRds injecting throttling, so retried
 * attempts are counted) and failed another's reconcile (the API server answered its status patch with a 500);
 * the migrations gauge counts a migration in the phase its status shows.
 */
@ExtendWith(MotoServer.class)
class GrafanaDashboardTest {
  static final Path DASHBOARD = Path.of(System.getProperty("crds.dir", "../crds")).getParent()
      .resolve("helm/aurora-operator/dashboards/aurora-operator.json");
  static final Set<String> PANEL_TYPES = Set.of("timeseries", "stat", "gauge", "table", "bargauge", "row");

  final JsonNode dashboard = read();

  @Test
  void hasTheFieldsGrafanaImportsADashboardBy() {
    assertThat(dashboard.path("title").asText()).isNotBlank();
    assertThat(dashboard.path("uid").asText()).matches("[a-zA-Z0-9_-]{1,40}");
    assertThat(dashboard.path("schemaVersion").isInt()).isTrue();
    assertThat(dashboard.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
    assertThat(dashboard.has("id")).as("an id is the database key of one Grafana; an imported dashboard has none")
        .isFalse();
    assertThat(dashboard.path("time").path("from").asText()).isNotBlank();

    JsonNode variables = dashboard.path("templating").path("list");
    assertThat(variables).anySatisfy(v -> {
      assertThat(v.path("name").asText()).isEqualTo("datasource");
      assertThat(v.path("type").asText()).isEqualTo("datasource");
      assertThat(v.path("query").asText()).isEqualTo("prometheus");
    });

    Set<Integer> ids = new HashSet<>();
    for (JsonNode panel : dashboard.path("panels")) {
      String title = panel.path("title").asText();
      assertThat(title).isNotBlank();
      assertThat(ids.add(panel.path("id").asInt())).as("panel id %s unique", panel.path("id")).isTrue();
      assertThat(panel.path("type").asText()).as(title).isIn(PANEL_TYPES);
      JsonNode grid = panel.path("gridPos");
      assertThat(List.of("h", "w", "x", "y")).as(title).allSatisfy(k -> assertThat(grid.path(k).isInt()).isTrue());
      assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as("%s fits the 24-column grid", title)
          .isLessThanOrEqualTo(24);
      assertThat(panel.path("datasource").path("uid").asText()).as(title).isEqualTo("${datasource}");
      assertThat(panel.path("targets")).as(title).isNotEmpty().allSatisfy(t -> {
        assertThat(t.path("refId").asText()).isNotBlank();
        assertThat(t.path("expr").asText()).isNotBlank();
      });
    }
    assertThat(ids).hasSizeGreaterThanOrEqualTo(6);
  }

  @Test
  void everyMetricItQueriesIsOneTheOperatorExports() throws Exception {
    Set<String> queried = new TreeSet<>();
    for (String expr : expressions()) {
      queried.addAll(PromQlMetricNames.of(expr));
    }
    assertThat(queried).as("the dashboard shows reconciles, AWS calls and migrations")
        .contains("operator_sdk_reconciliations_failed_total", "aurora_aws_calls_total",
            "aurora_aws_call_attempt_failures_total", "aurora_migrations", "aurora_statement_check_statements");

    PrometheusMeterRegistry registry = AuroraOperator.metricsRegistry();
    // CRUD mock API server that also answers expectations: one cluster's status patch fails with a 500,
    // as an API server under load may answer, so that cluster's reconcile fails and JOSDK counts it.
    Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    KubernetesMockServer api = new KubernetesMockServer(new Context(), new MockWebServer(), expectations,
        new KubernetesMixedDispatcher(expectations), false);
    KubernetesClient client = RunningOperator.startApiServer(api);
    api.expect().patch().withPath("/apis/aurora.dbops.dev/v1alpha1/namespaces/" + RunningOperator.NAMESPACE
            + "/databaseclusters/flaky/status")
        .andReturn(500, "etcdserver: request timed out").always();
    try (StrictRds strict = StrictRds.inFrontOf(MotoServer.endpoint(), Settings.instant().withFaults(0.3, 7));
        SdkAwsRegions aws = new SdkAwsRegions(
            new AwsSettings(MotoServer.REGION, Optional.of(strict.endpoint()), Duration.ofMillis(500), 10),
            MotoServer.credentials(), SdkAwsRegions.DEFAULT_PAGE_SIZE, List.of(new AwsCallMetrics(registry)));
        OperatorRuntime runtime = new OperatorRuntime(client, aws, OperatorConfig.from(Map.of()),
            RunningOperator.FAST, MigrationTimings.defaults(), false, registry);
        MetricsServer server = new MetricsServer(0, registry)) {
      server.start();
      runtime.start();
      client.secrets().inNamespace(RunningOperator.NAMESPACE).resource(new SecretBuilder()
          .withNewMetadata().withName("orders-master").endMetadata()
          .addToStringData("password", DatabaseClusterReconcilerTest.PASSWORD).build()).create();
      client.resource(cluster("orders", s -> {})).create();
      client.resource(cluster("flaky", s -> {})).create();
      client.resource(MigrationResources.migrationOf("absent-source", null)).create();
      client.resource(checkedMigration()).create();
      eventually(Duration.ofSeconds(60)).untilAsserted(() -> {
        assertThat(client.resources(DatabaseCluster.class).inNamespace(RunningOperator.NAMESPACE).withName("orders")
            .get().getStatus().getPhase()).isEqualTo(ClusterPhase.Available);
        PrometheusText metrics = PrometheusText.scrape(server.port());
        assertThat(metrics.find("operator_sdk_reconciliations_failed_total", Map.of())).isNotEmpty();
        // The migration counted once, in the phase its status shows.
        AuroraMigration migration = client.resource(MigrationResources.migrationOf("absent-source", null)).get();
        String phase = MigrationPhaseMetrics.phaseOf(migration).name();
        assertThat(metrics.find("aurora_migrations", Map.of("phase", phase))).extracting(PrometheusText.Sample::value)
            .singleElement().isEqualTo(phase.equals("Failed") ? 2.0 : 1.0);
        assertThat(metrics.find("aurora_migrations", Map.of()).stream().mapToDouble(PrometheusText.Sample::value).sum())
            .isEqualTo(2);
        // The finished migration's last statement check, by result.
        assertThat(metrics.find("aurora_statement_check_statements", Map.of("migration", "checked", "result", "failed")))
            .singleElement().satisfies(sample -> assertThat(sample.value()).isEqualTo(2));
      });

      Set<String> exported = PrometheusText.scrape(server.port()).samples().stream()
          .map(PrometheusText.Sample::name).collect(Collectors.toCollection(TreeSet::new));
      assertThat(exported).as("metrics the operator exported after the reconciles").containsAll(queried);
    } finally {
      client.close();
      api.destroy();
    }
  }

  /** A migration that failed after its statement check ran: finished, so the operator leaves it as it is. */
  private static AuroraMigration checkedMigration() {
    AuroraMigration m = MigrationResources.migrationOf("checked-source", null);
    m.getMetadata().setName("checked");
    var status = new dev.dbops.aurora.model.migration.AuroraMigrationStatus();
    status.setPhase(dev.dbops.aurora.model.migration.MigrationPhase.Failed);
    var check = new dev.dbops.aurora.model.migration.StatementCheckStatus();
    check.setChecked(40);
    check.setFailed(2);
    check.setNotCheckable(1);
    check.setPlanRegressions(3);
    check.setResultMismatches(1);
    status.setStatementCheck(check);
    m.setStatus(status);
    return m;
  }

  private List<String> expressions() {
    List<String> exprs = new ArrayList<>();
    dashboard.path("panels").forEach(p -> p.path("targets").forEach(t -> exprs.add(t.path("expr").asText())));
    return exprs;
  }

  private static JsonNode read() {
    try {
      return new ObjectMapper().readTree(DASHBOARD.toFile());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + DASHBOARD, e);
    }
  }

  /** The metric names a PromQL expression selects: identifiers that are not functions, keywords or labels. */
  static final class PromQlMetricNames {
    private static final java.util.regex.Pattern IDENTIFIER =
        java.util.regex.Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
        "group_right", "bool", "and", "or", "unless", "offset");

    static Set<String> of(String expr) {
      String bare = expr
          .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")            // string literals
          .replaceAll("\\{[^}]*\\}", " ")                                  // label matchers
          .replaceAll("\\[[^\\]]*\\]", " ")                                  // ranges
          .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", " "); // grouping labels
      Set<String> names = new TreeSet<>();
      var m = IDENTIFIER.matcher(bare);
      while (m.find()) {
        String rest = bare.substring(m.end()).stripLeading();
        if (!rest.startsWith("(") && !KEYWORDS.contains(m.group())) {
          names.add(m.group());
        }
      }
      return names;
    }
  }
}
