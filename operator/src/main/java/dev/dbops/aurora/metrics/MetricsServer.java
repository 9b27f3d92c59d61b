package dev.dbops.aurora.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.dbops.aurora.HttpEndpoints;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** GET /metrics in the Prometheus text format, on its own port so it can be exposed without the health probes. */
public final class MetricsServer implements AutoCloseable {
  private final HttpServer server;
  private final PrometheusMeterRegistry registry;

  public MetricsServer(int port, PrometheusMeterRegistry registry) throws IOException {
    this.registry = registry;
    server = HttpEndpoints.bind(port, "metrics-http");
    server.createContext("/metrics", this::scrape);
  }

  public void start() {
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void scrape(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
