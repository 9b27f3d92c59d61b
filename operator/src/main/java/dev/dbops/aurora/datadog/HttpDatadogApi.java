package dev.dbops.aurora.datadog;

import static dev.dbops.aurora.datadog.DatadogHttp.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * {@link DatadogApi} on Datadog's v1 HTTP API (monitors and dashboards) with JSON built by Jackson. The
 * request bodies are the ones Datadog's own Java client 2.50.0 sent for the same calls (kept as a test
 * fixture), so replacing that client, and the 18.8 MiB of jars it pulled into the image, changed nothing
 * Datadog sees.
 */
public final class HttpDatadogApi implements DatadogApi {
  private final DatadogHttp http;

  public HttpDatadogApi(DatadogConnection connection) {
    this(connection, DatadogHttp.BACKOFF_BASE);
  }

  /** @param backoffBase the first wait before retrying a 5xx or a 429 that announced no reset */
  HttpDatadogApi(DatadogConnection connection, Duration backoffBase) {
    this.http = new DatadogHttp(connection, backoffBase);
  }

  @Override
  public String upsertMonitor(DatadogMonitor monitor) {
    String owner = monitor.tags().get(0);
    Map<String, String> query = new LinkedHashMap<>();
    query.put("name", monitor.name());
    query.put("monitor_tags", owner);
    // Datadog's name filter matches substrings: only the exact name is this monitor.
    Optional<JsonNode> existing = elements(http.get("list monitors", "/api/v1/monitor", query), "list monitors")
        .filter(m -> monitor.name().equals(m.path("name").asText(null)))
        .findFirst();
    if (existing.isPresent()) {
      long id = id(existing.get(), "list monitors");
      http.put("update monitor", "/api/v1/monitor/" + id, monitorBody(monitor));
      return String.valueOf(id);
    }
    return String.valueOf(id(http.post("create monitor", "/api/v1/monitor", monitorBody(monitor)), "create monitor"));
  }

  @Override
  public String upsertDashboard(String title, String description, List<DatadogGraph> graphs) {
    ObjectNode body = dashboardBody(title, description, graphs);
    Optional<String> existing = dashboardIdsTitled(title).findFirst();
    if (existing.isPresent()) {
      http.put("update dashboard", "/api/v1/dashboard/" + existing.get(), body);
      return existing.get();
    }
    JsonNode created = http.post("create dashboard", "/api/v1/dashboard", body);
    if (!created.path("id").isTextual()) {
      throw new DatadogException("create dashboard", 200, "the answer has no dashboard id");
    }
    return created.get("id").asText();
  }

  @Override
  public void deleteOwned(String ownerTag, String dashboardTitle) {
    JsonNode listed = http.get("list monitors", "/api/v1/monitor", Map.of("monitor_tags", ownerTag));
    for (JsonNode monitor : elements(listed, "list monitors").toList()) {
      // The tag filter is Datadog's; checking again here keeps a lenient server from widening the delete.
      boolean owned = StreamSupport.stream(monitor.path("tags").spliterator(), false)
          .anyMatch(t -> ownerTag.equals(t.asText()));
      if (owned) {
        http.delete("delete monitor", "/api/v1/monitor/" + id(monitor, "list monitors"));
      }
    }
    for (String id : dashboardIdsTitled(dashboardTitle).toList()) {
      http.delete("delete dashboard", "/api/v1/dashboard/" + id);
    }
  }

  private Stream<String> dashboardIdsTitled(String title) {
    return elements(http.get("list dashboards", "/api/v1/dashboard", Map.of()).path("dashboards"), "list dashboards")
        .filter(d -> title.equals(d.path("title").asText(null)) && d.path("id").isTextual())
        .map(d -> d.get("id").asText());
  }

  /**
   * A metric alert. Besides what the operator sets, the options and draft status carry the values
   * Datadog's Java client filled in, so monitors created before and after the switch are alike.
   */
  static ObjectNode monitorBody(DatadogMonitor monitor) {
    ObjectNode body = JSON.createObjectNode()
        .put("name", monitor.name())
        .put("type", "metric alert")
        .put("query", monitor.query())
        .put("message", monitor.message())
        .put("draft_status", "published");
    ArrayNode tags = body.putArray("tags");
    monitor.tags().forEach(tags::add);
    ObjectNode options = body.putObject("options");
    options.putObject("thresholds").put("critical", monitor.critical());
    options.put("notify_no_data", false)
        .put("include_tags", true)
        .put("min_failure_duration", 0)
        .put("min_location_failed", 1)
        .put("new_host_delay", 300)
        .put("notification_preset_name", "show_all")
        .put("notify_audit", false);
    return body;
  }

  /** An ordered dashboard of time-series widgets, one metric query each. */
  static ObjectNode dashboardBody(String title, String description, List<DatadogGraph> graphs) {
    ObjectNode body = JSON.createObjectNode()
        .put("title", title)
        .put("description", description)
        .put("layout_type", "ordered");
    ArrayNode widgets = body.putArray("widgets");
    for (DatadogGraph graph : graphs) {
      ObjectNode definition = widgets.addObject().putObject("definition")
          .put("title", graph.title())
          .put("type", "timeseries");
      definition.putArray("requests").addObject().put("q", graph.query());
    }
    return body;
  }

  /** The elements of a list in an answer; a missing list is empty, as Datadog's client read it. */
  private static Stream<JsonNode> elements(JsonNode list, String operation) {
    if (list.isMissingNode() || list.isNull()) {
      return Stream.empty();
    }
    if (!list.isArray()) {
      throw new DatadogException(operation, 200, "the answer is not a list");
    }
    return StreamSupport.stream(list.spliterator(), false);
  }

  private static long id(JsonNode monitor, String operation) {
    if (!monitor.path("id").canConvertToLong()) {
      throw new DatadogException(operation, 200, "a monitor without an id in the answer");
    }
    return monitor.get("id").asLong();
  }
}
