package dev.dbops.aurora.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dbops.aurora.HealthServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class HealthEndpointsTest {
  final HttpClient http = HttpClient.newHttpClient();

  int get(int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void readyzFollowsTheOperatorAndHealthzIsAlwaysUp() throws Exception {
    AtomicBoolean ready = new AtomicBoolean(false);
    try (HealthServer health = new HealthServer(0, ready::get)) {
      health.start();

      assertThat(get(health.port(), "/healthz")).isEqualTo(200);
      assertThat(get(health.port(), "/readyz")).isEqualTo(503);
      ready.set(true);
      assertThat(get(health.port(), "/readyz")).isEqualTo(200);
    }
  }

  @Test
  void runningOperatorBecomesReadyAndStops() throws Exception {
    RunningOperator op = new RunningOperator();
    try (HealthServer health = new HealthServer(0, op.runtime::isReady)) {
      health.start();
      await().atMost(Duration.ofSeconds(20)).until(() -> get(health.port(), "/readyz") == 200);
    } finally {
      op.close();
    }
    assertThat(op.runtime.isReady()).isFalse();
  }
}
