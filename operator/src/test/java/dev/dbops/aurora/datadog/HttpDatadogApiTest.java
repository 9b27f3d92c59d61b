package dev.dbops.aurora.datadog;

import static dev.dbops.aurora.datadog.DatadogMonitoringOnLoopbackTest.API_KEY;
import static dev.dbops.aurora.datadog.DatadogMonitoringOnLoopbackTest.APP_KEY;
import static dev.dbops.aurora.datadog.DatadogMonitoringOnLoopbackTest.cluster;
import static dev.dbops.aurora.datadog.DatadogMonitoringOnLoopbackTest.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbops.aurora.aws.SecretValue;
import dev.dbops.aurora.model.DatadogMonitoringSpec;
import dev.dbops.aurora.monitoring.AlarmSet;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator's own Datadog HTTP client: the requests it sends are the ones Datadog's Java client sent,
 * and failures (refused keys, rate limits, server errors, no answer) end the way they should.
 */
class HttpDatadogApiTest {
  /** A short first backoff, so the 5xx tests do not wait 2 + 4 + 8 s; the production waits are tested below. */
  static final Duration FAST = Duration.ofMillis(20);

  FakeDatadog datadog;
  DatadogConnection connection;
  final DatadogMonitoringSpec spec = new DatadogMonitoringSpec();

  @BeforeEach
  void start() throws Exception {
    datadog = new FakeDatadog();
    datadog.acceptOnly(API_KEY, APP_KEY);
    connection = new DatadogConnection("datadoghq.eu", SecretValue.of(API_KEY), SecretValue.of(APP_KEY),
        Optional.of(datadog.endpoint()));
    spec.setNotify(List.of("@slack-db-alerts"));
  }

  @AfterEach
  void stop() {
    datadog.close();
  }

  DatadogMonitoring monitoring() {
    return new DatadogMonitoring(c -> new HttpDatadogApi(c, FAST));
  }

  @Test
  void sendsTheRequestsDatadogsJavaClientSent() throws Exception {
    // The same create -> threshold change -> remove that produced the fixture with ClientDatadogApi.
    DatadogMonitoring.Ids first = monitoring().apply(cluster(80.0), spec, connection, null);
    monitoring().apply(cluster(65.0), spec, connection, status(first));
    monitoring().remove(cluster(65.0), connection);

    ArrayNode sent = FakeDatadog.JSON.createArrayNode();
    for (FakeDatadog.Request r : datadog.requests) {
      ObjectNode request = sent.addObject().put("method", r.method()).put("path", r.path());
      if (r.query() != null) {
        request.put("query", r.query());
      }
      if (r.body() != null) {
        request.set("body", r.body());
        assertThat(r.headers().get("Content-type")).containsExactly("application/json");
      }
      assertThat(r.headers().get("Accept")).containsExactly("application/json");
    }
    JsonNode expected;
    try (InputStream in = getClass().getResourceAsStream("/datadog/datadog-java-client-2.50.0-requests.json")) {
      expected = FakeDatadog.JSON.readTree(in);
    }
    // JsonNode equality: same fields and values, 80.0 a double as before, field order free.
    assertThat(sent).hasSize(37).isEqualTo(expected);
  }

  @Test
  void wrongKeysAreOneClearFailureWithoutTheKeys() {
    DatadogConnection wrong = new DatadogConnection("datadoghq.eu", SecretValue.of("dd-api-revoked-0000"),
        SecretValue.of("dd-app-revoked-1111"), Optional.of(datadog.endpoint()));
    HttpDatadogApi api = new HttpDatadogApi(wrong, FAST);

    assertThatThrownBy(() -> api.upsertMonitor(DatadogMonitors.of(cluster(80.0), AlarmSet.of(cluster(80.0)), spec)
        .get(0)))
        .isInstanceOfSatisfying(DatadogException.class, e -> {
          assertThat(e.status()).isEqualTo(403);
          assertThat(e.isAuthorization()).isTrue();
          assertThat(e.getMessage()).isEqualTo("Datadog list monitors failed with HTTP 403"
              + " (check the API and application keys and their permissions)");
          assertThat(e.toString()).doesNotContain("revoked");
        });
    // Not retried: a refused key stays refused.
    assertThat(datadog.requests).hasSize(1);
    assertThat(api.toString()).doesNotContain("revoked").doesNotContain(API_KEY);
  }

  @Test
  void rateLimitWithRetryAfterIsRetriedAfterThatWait() {
    datadog.refuseNext(429, Map.of("Retry-After", "1"));

    String dashboard = new HttpDatadogApi(connection, FAST).upsertDashboard("t", "d",
        List.of(new DatadogGraph("cpu", "avg:aws.rds.cpuutilization{*}")));

    assertThat(datadog.dashboards).containsOnlyKeys(dashboard);
    assertThat(datadog.requests).extracting(FakeDatadog.Request::method).containsExactly("GET", "GET", "POST");
    // Retry-After's second, not the 20 ms backoff.
    assertThat(datadog.requests.get(1).receivedNanos() - datadog.requests.get(0).receivedNanos())
        .isGreaterThanOrEqualTo(1_000_000_000L);
  }

  @Test
  void serverErrorIsRetried() {
    // Both on the list (a read); the create after it is sent once.
    datadog.refuseNext(502, 503);

    String id = new HttpDatadogApi(connection, FAST).upsertDashboard("t", "d",
        List.of(new DatadogGraph("cpu", "avg:aws.rds.cpuutilization{*}")));

    assertThat(datadog.dashboards).containsOnlyKeys(id);
    assertThat(datadog.requests).extracting(FakeDatadog.Request::method).containsExactly("GET", "GET", "GET", "POST");
  }

  @Test
  void serverErrorsAreRetriedThreeTimesThenFail() {
    datadog.refuseNext(500, 500, 500, 500, 500);

    assertThatThrownBy(() -> new HttpDatadogApi(connection, FAST).deleteOwned("aurora-operator:apps/orders", "t"))
        .isInstanceOfSatisfying(DatadogException.class, e -> {
          assertThat(e.status()).isEqualTo(500);
          assertThat(e.getMessage()).isEqualTo("Datadog list monitors failed with HTTP 500");
        });
    assertThat(datadog.requests).hasSize(1 + DatadogHttp.MAX_RETRIES);
    // Backoff doubles: 20, 40, 80 ms.
    long lastGap = datadog.requests.get(3).receivedNanos() - datadog.requests.get(2).receivedNanos();
    assertThat(lastGap).isGreaterThanOrEqualTo(80_000_000L);
  }

  @Test
  void aCreateThatFailsWithA5xxIsNotSentAgain() {
    datadog.failNextCreateAfterApplying(500);
    DatadogMonitor monitor = new DatadogMonitor("aurora-operator/apps/orders/cpu",
        "avg(last_15m):avg:aws.rds.cpuutilization{dbclusteridentifier:orders-db} > 80", "m", 80.0,
        List.of("aurora-operator:apps/orders"));
    HttpDatadogApi api = new HttpDatadogApi(connection, FAST);

    assertThatThrownBy(() -> api.upsertMonitor(monitor))
        .isInstanceOfSatisfying(DatadogException.class, e -> assertThat(e.status()).isEqualTo(500));
    assertThat(datadog.requests).extracting(FakeDatadog.Request::method).containsExactly("GET", "POST");
    assertThat(datadog.monitors).hasSize(1);

    // The next upsert finds what the failed create made and updates it.
    String id = api.upsertMonitor(monitor);
    assertThat(datadog.monitors).containsOnlyKeys(Long.valueOf(id));
    assertThat(datadog.requests).extracting(FakeDatadog.Request::method)
        .containsExactly("GET", "POST", "GET", "PUT");
  }

  @Test
  void aRateLimitedCreateIsSentAgain() {
    datadog.refuseNext("POST", 429);

    new HttpDatadogApi(connection, FAST).upsertDashboard("t", "d",
        List.of(new DatadogGraph("cpu", "avg:aws.rds.cpuutilization{*}")));

    assertThat(datadog.requests).extracting(FakeDatadog.Request::method).containsExactly("GET", "POST", "POST");
    assertThat(datadog.dashboards).hasSize(1);
  }

  @Test
  void anUpdateThatFailsWithA5xxIsSentAgain() {
    HttpDatadogApi api = new HttpDatadogApi(connection, FAST);
    List<DatadogGraph> graphs = List.of(new DatadogGraph("cpu", "avg:aws.rds.cpuutilization{*}"));
    String id = api.upsertDashboard("t", "d", graphs);
    datadog.requests.clear();
    datadog.refuseNext("PUT", 503);

    assertThat(api.upsertDashboard("t", "d2", graphs)).isEqualTo(id);
    assertThat(datadog.requests).extracting(FakeDatadog.Request::method).containsExactly("GET", "PUT", "PUT");
    assertThat(datadog.dashboards.get(id).get("description").asText()).isEqualTo("d2");
  }

  @Test
  void aBadRequestIsNotRetried() {
    // The fake checks bodies like Datadog: a threshold that disagrees with the query is a 400.
    DatadogMonitor inconsistent = new DatadogMonitor("aurora-operator/apps/orders/cpu",
        "avg(last_15m):avg:aws.rds.cpuutilization{dbclusteridentifier:orders-db} > 80", "m", 70.0,
        List.of("aurora-operator:apps/orders"));

    assertThatThrownBy(() -> new HttpDatadogApi(connection, FAST).upsertMonitor(inconsistent))
        .isInstanceOfSatisfying(DatadogException.class, e -> assertThat(e.getMessage())
            .isEqualTo("Datadog create monitor failed with HTTP 400"));
    assertThat(datadog.requests).extracting(FakeDatadog.Request::method).containsExactly("GET", "POST");
  }

  @Test
  void noAnswerIsAFailureWithStatusZero() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    DatadogConnection nowhere = new DatadogConnection("datadoghq.eu", SecretValue.of(API_KEY),
        SecretValue.of(APP_KEY), Optional.of(URI.create("http://127.0.0.1:" + closedPort)));

    assertThatThrownBy(() -> new HttpDatadogApi(nowhere, FAST).deleteOwned("aurora-operator:apps/orders", "t"))
        .isInstanceOfSatisfying(DatadogException.class, e -> {
          assertThat(e.status()).isZero();
          assertThat(e.getMessage())
              .isEqualTo("Datadog list monitors failed with HTTP 0 (no answer: ConnectException)");
        });
  }

  @Test
  void waitsAsDatadogAnnouncesElseDoublesFromTwoSeconds() {
    Duration base = DatadogHttp.BACKOFF_BASE;
    assertThat(DatadogHttp.waitBeforeRetry(headers(Map.of()), 0, base)).contains(Duration.ofSeconds(2));
    assertThat(DatadogHttp.waitBeforeRetry(headers(Map.of()), 1, base)).contains(Duration.ofSeconds(4));
    assertThat(DatadogHttp.waitBeforeRetry(headers(Map.of()), 2, base)).contains(Duration.ofSeconds(8));
    assertThat(DatadogHttp.waitBeforeRetry(headers(FakeDatadog.rateLimit(7)), 0, base))
        .contains(Duration.ofSeconds(7));
    assertThat(DatadogHttp.waitBeforeRetry(headers(Map.of("Retry-After", "3")), 2, base))
        .contains(Duration.ofSeconds(3));
    // Datadog's own header wins over a proxy's.
    assertThat(DatadogHttp.waitBeforeRetry(headers(Map.of("Retry-After", "3", "X-RateLimit-Reset", "5")), 0, base))
        .contains(Duration.ofSeconds(5));
    // An HTTP-date Retry-After falls back to the backoff.
    assertThat(DatadogHttp.waitBeforeRetry(headers(Map.of("Retry-After", "Wed, 21 Oct 2026 07:28:00 GMT")), 0,
        base)).contains(Duration.ofSeconds(2));
    // A reset further away than a minute fails the call; the next reconcile tries again.
    assertThat(DatadogHttp.waitBeforeRetry(headers(FakeDatadog.rateLimit(3600)), 0, base)).isEmpty();
  }

  @Test
  void deletingWhatIsAlreadyGoneIsDone() {
    DatadogHttp http = new DatadogHttp(connection, FAST);

    http.delete("delete monitor", "/api/v1/monitor/4242");
    http.delete("delete dashboard", "/api/v1/dashboard/abc-def-ghi");

    assertThat(datadog.requests).extracting(FakeDatadog.Request::method).containsExactly("DELETE", "DELETE");
    datadog.refuseNext(410);
    assertThatThrownBy(() -> http.delete("delete monitor", "/api/v1/monitor/4242"))
        .isInstanceOfSatisfying(DatadogException.class, e -> assertThat(e.status()).isEqualTo(410));
  }

  @Test
  void siteNamesTheApiHost() {
    DatadogConnection eu = new DatadogConnection("datadoghq.eu", SecretValue.of(API_KEY), SecretValue.of(APP_KEY),
        Optional.empty());
    assertThat(new DatadogHttp(eu, FAST)).hasToString("DatadogHttp[https://api.datadoghq.eu]");
    DatadogConnection local = new DatadogConnection("datadoghq.eu", SecretValue.of(API_KEY),
        SecretValue.of(APP_KEY), Optional.of(URI.create("http://127.0.0.1:8126/ignored/path")));
    assertThat(new DatadogHttp(local, FAST)).hasToString("DatadogHttp[http://127.0.0.1:8126]");
  }

  static HttpHeaders headers(Map<String, String> values) {
    return HttpHeaders.of(values.entrySet().stream().collect(Collectors.toMap(
        Map.Entry::getKey, e -> List.of(e.getValue()))), (k, v) -> true);
  }
}
