package dev.dbops.aurora.datadog;

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
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * A loopback HTTP server answering like Datadog's v1 monitor and dashboard API, enough for the operator's
 * calls; it records every request, and can be told to refuse the next requests with a status. Public so
 * the DatabaseCluster tests drive it too.
 */
public final class FakeDatadog implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  public record Request(String method, String path, String query, String apiKey, String applicationKey,
      JsonNode body, Map<String, List<String>> headers) {}

  public final List<Request> requests = new CopyOnWriteArrayList<>();
  public final Map<Long, ObjectNode> monitors = new ConcurrentHashMap<>();
  public final Map<String, ObjectNode> dashboards = new ConcurrentHashMap<>();
  private final Deque<Integer> refusals = new ArrayDeque<>();
  private final AtomicLong ids = new AtomicLong(1000);
  private final HttpServer server;
  private volatile String[] acceptedKeys;

  public FakeDatadog() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The next requests are answered with these statuses, in order, before normal service resumes. */
  public synchronized void refuseNext(Integer... statuses) {
    refusals.addAll(List.of(statuses));
  }

  /** From now on, like Datadog, requests with other keys are refused with 403. */
  public void acceptOnly(String apiKey, String applicationKey) {
    acceptedKeys = new String[] {apiKey, applicationKey};
  }

  private synchronized Integer nextRefusal() {
    return refusals.poll();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      byte[] raw = exchange.getRequestBody().readAllBytes();
      if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
          raw = in.readAllBytes();
        }
      }
      JsonNode body = raw.length == 0 ? null : JSON.readTree(raw);
      Request request = new Request(method, path, exchange.getRequestURI().getRawQuery(),
          exchange.getRequestHeaders().getFirst("DD-API-KEY"),
          exchange.getRequestHeaders().getFirst("DD-APPLICATION-KEY"), body, Map.copyOf(exchange.getRequestHeaders()));
      requests.add(request);
      String[] keys = acceptedKeys;
      Integer refusal = keys != null && !(keys[0].equals(request.apiKey()) && keys[1].equals(request.applicationKey()))
          ? Integer.valueOf(403) : nextRefusal();
      if (refusal != null) {
        if (refusal == 429) {
          exchange.getResponseHeaders().add("X-RateLimit-Reset", "1");
        }
        send(exchange, refusal, JSON.createObjectNode().set("errors", JSON.createArrayNode().add("refused")));
        return;
      }
      send(exchange, 200, answer(method, path, query(exchange.getRequestURI().getRawQuery()), body));
    }
  }

  private JsonNode answer(String method, String path, Map<String, String> query, JsonNode body) {
    if (path.equals("/api/v1/monitor") && method.equals("GET")) {
      ArrayNode found = JSON.createArrayNode();
      monitors.values().stream()
          .filter(m -> !query.containsKey("name") || m.get("name").asText().contains(query.get("name")))
          .filter(m -> !query.containsKey("monitor_tags") || m.get("tags").toString().contains(query.get("monitor_tags")))
          .forEach(found::add);
      return found;
    }
    if (path.equals("/api/v1/monitor") && method.equals("POST")) {
      ObjectNode monitor = ((ObjectNode) body).deepCopy().put("id", ids.incrementAndGet());
      monitors.put(monitor.get("id").asLong(), monitor);
      return monitor;
    }
    if (path.startsWith("/api/v1/monitor/") && method.equals("PUT")) {
      long id = Long.parseLong(path.substring("/api/v1/monitor/".length()));
      ObjectNode monitor = ((ObjectNode) body).deepCopy().put("id", id);
      monitors.put(id, monitor);
      return monitor;
    }
    if (path.equals("/api/v1/dashboard") && method.equals("GET")) {
      ArrayNode list = JSON.createArrayNode();
      dashboards.forEach((id, d) -> list.addObject().put("id", id).put("title", d.get("title").asText()));
      return JSON.createObjectNode().set("dashboards", list);
    }
    if (path.equals("/api/v1/dashboard") && method.equals("POST")) {
      String id = "abc-" + ids.incrementAndGet();
      ObjectNode dashboard = ((ObjectNode) body).deepCopy().put("id", id);
      dashboards.put(id, dashboard);
      return dashboard;
    }
    if (path.startsWith("/api/v1/dashboard/") && method.equals("PUT")) {
      String id = path.substring("/api/v1/dashboard/".length());
      ObjectNode dashboard = ((ObjectNode) body).deepCopy().put("id", id);
      dashboards.put(id, dashboard);
      return dashboard;
    }
    if (path.startsWith("/api/v1/monitor/") && method.equals("DELETE")) {
      long id = Long.parseLong(path.substring("/api/v1/monitor/".length()));
      monitors.remove(id);
      return JSON.createObjectNode().put("deleted_monitor_id", id);
    }
    if (path.startsWith("/api/v1/dashboard/") && method.equals("DELETE")) {
      String id = path.substring("/api/v1/dashboard/".length());
      dashboards.remove(id);
      return JSON.createObjectNode().put("deleted_dashboard_id", id);
    }
    return JSON.createObjectNode().put("unexpected", method + " " + path);
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
