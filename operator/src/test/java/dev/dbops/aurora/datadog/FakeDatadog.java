package dev.dbops.aurora.datadog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * A loopback HTTP server answering like Datadog's v1 monitor and dashboard API for the operator's calls,
 * at least as strict as Datadog about them: both key headers on every request (403 otherwise), JSON
 * bodies with the Content-Type, the bodies checked against the API reference ({@link DatadogRequestRules},
 * 400), unknown ids 404, and errors in Datadog's {@code {"errors": [...]}} shape. It records every request,
 * and can be told to refuse the next requests with a status. Public so the DatabaseCluster tests drive it
 * too.
 */
public final class FakeDatadog implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  /** @param receivedNanos System.nanoTime() on arrival, to check the waits between retries */
  public record Request(String method, String path, String query, String apiKey, String applicationKey,
      JsonNode body, Map<String, List<String>> headers, long receivedNanos) {}

  /** @param method the method refused, or null for whatever comes next */
  private record Refusal(int status, Map<String, String> headers, String method) {}

  public final List<Request> requests = new CopyOnWriteArrayList<>();
  public final Map<Long, ObjectNode> monitors = new ConcurrentHashMap<>();
  public final Map<String, ObjectNode> dashboards = new ConcurrentHashMap<>();
  private final Deque<Refusal> refusals = new ArrayDeque<>();
  private final AtomicLong ids = new AtomicLong(1000);
  private final HttpServer server;
  private volatile String[] acceptedKeys;
  private volatile int failedCreate;

  public FakeDatadog() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /**
   * The next requests are answered with these statuses, in order, before normal service resumes; a 429
   * carries Datadog's rate-limit headers with a reset in 1 s.
   */
  public synchronized void refuseNext(Integer... statuses) {
    Arrays.stream(statuses).forEach(s -> refusals.add(new Refusal(s, s == 429 ? rateLimit(1) : Map.of(), null)));
  }

  /** The next request is answered with this status and these headers. */
  public synchronized void refuseNext(int status, Map<String, String> headers) {
    refusals.add(new Refusal(status, headers, null));
  }

  /** The next request with this method is answered with this status (429: a reset in 0 s). */
  public synchronized void refuseNext(String method, int status) {
    refusals.add(new Refusal(status, status == 429 ? rateLimit(0) : Map.of(), method));
  }

  /**
   * The next create (POST) takes effect and is then answered with this status, as when Datadog fails
   * after writing (or a proxy gives up waiting for its answer).
   */
  public void failNextCreateAfterApplying(int status) {
    failedCreate = status;
  }

  /** The headers Datadog sends with a 429 (API reference, Rate Limits). */
  static Map<String, String> rateLimit(int resetSeconds) {
    return Map.of("X-RateLimit-Limit", "1000", "X-RateLimit-Period", "10", "X-RateLimit-Remaining", "0",
        "X-RateLimit-Reset", String.valueOf(resetSeconds), "X-RateLimit-Name", "monitors");
  }

  /** From now on, like Datadog, requests with other keys are refused with 403. */
  public void acceptOnly(String apiKey, String applicationKey) {
    acceptedKeys = new String[] {apiKey, applicationKey};
  }

  private synchronized Refusal nextRefusal(String method) {
    Refusal next = refusals.peek();
    return next != null && (next.method() == null || next.method().equals(method)) ? refusals.poll() : null;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      long received = System.nanoTime();
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      byte[] raw = exchange.getRequestBody().readAllBytes();
      if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
          raw = in.readAllBytes();
        }
      }
      JsonNode body;
      try {
        body = raw.length == 0 ? null : JSON.readTree(raw);
      } catch (JsonProcessingException e) {
        send(exchange, 400, errors("Invalid JSON"));
        return;
      }
      Request request = new Request(method, path, exchange.getRequestURI().getRawQuery(),
          exchange.getRequestHeaders().getFirst("DD-API-KEY"),
          exchange.getRequestHeaders().getFirst("DD-APPLICATION-KEY"), body,
          Map.copyOf(exchange.getRequestHeaders()), received);
      requests.add(request);
      if (!keysAccepted(request)) {
        send(exchange, 403, errors("Forbidden"));
        return;
      }
      Refusal refusal = nextRefusal(method);
      if (refusal == null && method.equals("POST") && failedCreate != 0) {
        answer(method, path, query(request.query()), body);
        refusal = new Refusal(failedCreate, Map.of(), method);
        failedCreate = 0;
      }
      if (refusal != null) {
        refusal.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        send(exchange, refusal.status(), errors(refusal.status() == 429 ? "Too many requests"
            : refusal.status() >= 500 ? "Internal Server Error" : "Refused"));
        return;
      }
      if (body != null && !String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"))
          .startsWith("application/json")) {
        send(exchange, 415, errors("Unsupported Media Type"));
        return;
      }
      Answer answer = answer(method, path, query(request.query()), body);
      send(exchange, answer.status(), answer.body());
    }
  }

  private boolean keysAccepted(Request request) {
    if (request.apiKey() == null || request.apiKey().isBlank()
        || request.applicationKey() == null || request.applicationKey().isBlank()) {
      return false;
    }
    String[] keys = acceptedKeys;
    return keys == null || keys[0].equals(request.apiKey()) && keys[1].equals(request.applicationKey());
  }

  private record Answer(int status, JsonNode body) {}

  private Answer answer(String method, String path, Map<String, String> query, JsonNode body) {
    String monitorId = path.startsWith("/api/v1/monitor/") ? path.substring("/api/v1/monitor/".length()) : null;
    String dashboardId = path.startsWith("/api/v1/dashboard/") ? path.substring("/api/v1/dashboard/".length()) : null;
    if (path.equals("/api/v1/monitor") && method.equals("GET")) {
      List<String> tags = query.containsKey("monitor_tags")
          ? List.of(query.get("monitor_tags").split(",")) : List.of();
      ArrayNode found = JSON.createArrayNode();
      monitors.values().stream()
          .filter(m -> !query.containsKey("name") || m.path("name").asText().contains(query.get("name")))
          .filter(m -> tags.stream().allMatch(t -> contains(m.path("tags"), t)))
          .forEach(found::add);
      return new Answer(200, found);
    }
    if (path.equals("/api/v1/monitor") && method.equals("POST")) {
      List<String> invalid = body == null ? List.of("Missing body") : DatadogRequestRules.monitorCreate(body);
      if (!invalid.isEmpty()) {
        return new Answer(400, errors(invalid));
      }
      ObjectNode monitor = ((ObjectNode) body).deepCopy().put("id", ids.incrementAndGet());
      monitors.put(monitor.get("id").asLong(), monitor);
      return new Answer(200, monitor);
    }
    if (monitorId != null && monitorId.matches("\\d+")) {
      long id = Long.parseLong(monitorId);
      ObjectNode existing = monitors.get(id);
      if (existing == null) {
        return new Answer(404, errors("Monitor not found"));
      }
      switch (method) {
        case "GET":
          return new Answer(200, existing);
        case "PUT": {
          List<String> invalid = body == null ? List.of("Missing body") : DatadogRequestRules.monitorUpdate(body);
          if (!invalid.isEmpty()) {
            return new Answer(400, errors(invalid));
          }
          ObjectNode updated = existing.deepCopy();
          updated.setAll((ObjectNode) body);
          updated.put("id", id);
          monitors.put(id, updated);
          return new Answer(200, updated);
        }
        case "DELETE":
          monitors.remove(id);
          return new Answer(200, JSON.createObjectNode().put("deleted_monitor_id", id));
        default:
          return new Answer(405, errors("Method Not Allowed"));
      }
    }
    if (path.equals("/api/v1/dashboard") && method.equals("GET")) {
      ArrayNode list = JSON.createArrayNode();
      dashboards.forEach((id, d) -> list.addObject().put("id", id).put("title", d.get("title").asText())
          .put("layout_type", d.get("layout_type").asText()));
      return new Answer(200, JSON.createObjectNode().set("dashboards", list));
    }
    if (path.equals("/api/v1/dashboard") && method.equals("POST")) {
      List<String> invalid = body == null ? List.of("Missing body") : DatadogRequestRules.dashboard(body);
      if (!invalid.isEmpty()) {
        return new Answer(400, errors(invalid));
      }
      String id = "abc-" + ids.incrementAndGet();
      ObjectNode dashboard = ((ObjectNode) body).deepCopy().put("id", id);
      dashboards.put(id, dashboard);
      return new Answer(200, dashboard);
    }
    if (dashboardId != null) {
      if (!dashboards.containsKey(dashboardId)) {
        return new Answer(404, errors("Dashboard with ID " + dashboardId + " not found"));
      }
      switch (method) {
        case "GET":
          return new Answer(200, dashboards.get(dashboardId));
        case "PUT": {
          List<String> invalid = body == null ? List.of("Missing body") : DatadogRequestRules.dashboard(body);
          if (!invalid.isEmpty()) {
            return new Answer(400, errors(invalid));
          }
          ObjectNode dashboard = ((ObjectNode) body).deepCopy().put("id", dashboardId);
          dashboards.put(dashboardId, dashboard);
          return new Answer(200, dashboard);
        }
        case "DELETE":
          dashboards.remove(dashboardId);
          return new Answer(200, JSON.createObjectNode().put("deleted_dashboard_id", dashboardId));
        default:
          return new Answer(405, errors("Method Not Allowed"));
      }
    }
    return new Answer(404, errors("Not found"));
  }

  private static boolean contains(JsonNode array, String value) {
    for (JsonNode element : array) {
      if (element.asText().equals(value)) {
        return true;
      }
    }
    return false;
  }

  static ObjectNode errors(String... messages) {
    return errors(List.of(messages));
  }

  static ObjectNode errors(List<String> messages) {
    ObjectNode body = JSON.createObjectNode();
    messages.forEach(body.putArray("errors")::add);
    return body;
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> query = new HashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        String[] kv = pair.split("=", 2);
        query.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
            kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
      }
    }
    return query;
  }

  private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
