package dev.dbops.aurora.datadog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake refuses what Datadog refuses, in Datadog's error shape, so a test passing on it means something. */
class FakeDatadogTest {
  final HttpClient http = HttpClient.newHttpClient();
  FakeDatadog datadog;

  @BeforeEach
  void start() throws Exception {
    datadog = new FakeDatadog();
  }

  @AfterEach
  void stop() {
    datadog.close();
  }

  record Answer(int status, JsonNode body) {}

  Answer send(String method, String path, JsonNode body, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(datadog.endpoint().resolve(path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.toString()));
    if (headers.length > 0) {
      request.headers(headers);
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), FakeDatadog.JSON.readTree(response.body()));
  }

  static final String[] KEYS = {"DD-API-KEY", "a", "DD-APPLICATION-KEY", "b", "Content-Type", "application/json"};

  ObjectNode monitor() {
    return HttpDatadogApi.monitorBody(new DatadogMonitor("aurora-operator/apps/orders/cpu",
        "avg(last_15m):avg:aws.rds.cpuutilization{dbclusteridentifier:orders-db} > 80", "m", 80.0,
        List.of("aurora-operator:apps/orders")));
  }

  @Test
  void withoutBothKeysEveryCallIsForbidden() throws Exception {
    assertThat(send("GET", "/api/v1/monitor", null)).isEqualTo(new Answer(403, FakeDatadog.errors("Forbidden")));
    assertThat(send("GET", "/api/v1/dashboard", null, "DD-API-KEY", "a").status()).isEqualTo(403);
    datadog.acceptOnly("a", "b");
    assertThat(send("POST", "/api/v1/monitor", monitor(), "DD-API-KEY", "a", "DD-APPLICATION-KEY", "c",
        "Content-Type", "application/json").status()).isEqualTo(403);
    assertThat(send("POST", "/api/v1/monitor", monitor(), KEYS).status()).isEqualTo(200);
  }

  @Test
  void monitorsNeedTypeAndQueryOfTheRightTypesAndAThresholdThatMatchesTheQuery() throws Exception {
    assertThat(send("POST", "/api/v1/monitor", monitor().without("type"), KEYS))
        .isEqualTo(new Answer(400, FakeDatadog.errors("Missing required parameter type")));
    assertThat(send("POST", "/api/v1/monitor", monitor().without("query"), KEYS).status()).isEqualTo(400);
    assertThat(send("POST", "/api/v1/monitor", monitor().put("type", "metric"), KEYS).status()).isEqualTo(400);
    assertThat(send("POST", "/api/v1/monitor", monitor().put("tags", "aurora-operator:apps/orders"), KEYS).status())
        .isEqualTo(400);
    ObjectNode critical = monitor();
    ((ObjectNode) critical.get("options").get("thresholds")).put("critical", "80");
    assertThat(send("POST", "/api/v1/monitor", critical, KEYS).status()).isEqualTo(400);
    ObjectNode mismatch = monitor();
    ((ObjectNode) mismatch.get("options").get("thresholds")).put("critical", 65.0);
    assertThat(send("POST", "/api/v1/monitor", mismatch, KEYS)).isEqualTo(new Answer(400,
        FakeDatadog.errors("Alert threshold (65.0) does not match that used in the query (80.0).")));
    assertThat(send("POST", "/api/v1/monitor", monitor(), new String[] {"DD-API-KEY", "a", "DD-APPLICATION-KEY", "b",
        "Content-Type", "text/plain"}).status()).isEqualTo(415);
    assertThat(datadog.monitors).isEmpty();
  }

  @Test
  void dashboardsNeedTitleLayoutAndWidgetsWithRequests() throws Exception {
    ObjectNode dashboard = HttpDatadogApi.dashboardBody("t", "d", List.of(new DatadogGraph("cpu", "avg:x{*}")));
    assertThat(send("POST", "/api/v1/dashboard", dashboard.deepCopy().without("layout_type"), KEYS).status())
        .isEqualTo(400);
    assertThat(send("POST", "/api/v1/dashboard", dashboard.deepCopy().put("layout_type", "grid"), KEYS).status())
        .isEqualTo(400);
    assertThat(send("POST", "/api/v1/dashboard", dashboard.deepCopy().without("title"), KEYS).status())
        .isEqualTo(400);
    ObjectNode noRequests = dashboard.deepCopy();
    ((ObjectNode) noRequests.get("widgets").get(0).get("definition")).putArray("requests");
    assertThat(send("POST", "/api/v1/dashboard", noRequests, KEYS).status()).isEqualTo(400);
    assertThat(datadog.dashboards).isEmpty();
    assertThat(send("POST", "/api/v1/dashboard", dashboard, KEYS).status()).isEqualTo(200);
  }

  @Test
  void unknownIdsAreNotFound() throws Exception {
    assertThat(send("PUT", "/api/v1/monitor/42", monitor(), KEYS))
        .isEqualTo(new Answer(404, FakeDatadog.errors("Monitor not found")));
    assertThat(send("DELETE", "/api/v1/monitor/42", null, KEYS).status()).isEqualTo(404);
    assertThat(send("DELETE", "/api/v1/dashboard/abc-def-ghi", null, KEYS).status()).isEqualTo(404);
  }

  @Test
  void theListFiltersByEveryTagNotBySubstring() throws Exception {
    send("POST", "/api/v1/monitor", monitor(), KEYS);

    assertThat(send("GET", "/api/v1/monitor?monitor_tags=aurora-operator%3Aapps%2Forders", null, KEYS).body())
        .hasSize(1);
    assertThat(send("GET", "/api/v1/monitor?monitor_tags=aurora-operator%3Aapps%2Forder", null, KEYS).body())
        .isEmpty();
  }
}
