package dev.dbops.aurora.datadog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Datadog's v1 API reference requires of the bodies the operator sends (Create a monitor, Edit a
 * monitor, Create a new dashboard, Update a dashboard): required fields, their JSON types and enums, and
 * the rule Datadog enforces that a metric alert's critical threshold equals the one in its query. Each
 * method returns Datadog-style error strings; empty means accepted.
 */
final class DatadogRequestRules {
  static final Set<String> MONITOR_TYPES = Set.of("composite", "event alert", "log alert", "metric alert",
      "process alert", "query alert", "rum alert", "service check", "synthetics alert", "trace-analytics alert",
      "slo alert", "event-v2 alert", "audit alert", "ci-pipelines alert", "ci-tests alert", "error-tracking alert",
      "database-monitoring alert", "network-performance alert", "cost alert");
  private static final Pattern QUERY_THRESHOLD = Pattern.compile("(>=|<=|>|<)\\s*(-?[0-9.]+)\\s*$");

  private DatadogRequestRules() {}

  /** POST /api/v1/monitor: type and query required. */
  static List<String> monitorCreate(JsonNode body) {
    List<String> errors = new ArrayList<>();
    if (!body.isObject()) {
      return List.of("Invalid JSON: a monitor is an object");
    }
    requireText(body, "type", errors);
    requireText(body, "query", errors);
    errors.addAll(monitorFields(body));
    return errors;
  }

  /** PUT /api/v1/monitor/{id}: every field optional, the same types. */
  static List<String> monitorUpdate(JsonNode body) {
    return body.isObject() ? monitorFields(body) : List.of("Invalid JSON: a monitor is an object");
  }

  private static List<String> monitorFields(JsonNode body) {
    List<String> errors = new ArrayList<>();
    optionalText(body, "name", errors);
    optionalText(body, "message", errors);
    if (body.has("type") && !MONITOR_TYPES.contains(body.get("type").asText())) {
      errors.add("Invalid monitor type: " + body.get("type").asText());
    }
    if (body.has("draft_status") && !Set.of("draft", "published").contains(body.get("draft_status").asText())) {
      errors.add("draft_status must be draft or published");
    }
    if (body.has("tags")) {
      JsonNode tags = body.get("tags");
      if (!tags.isArray() || !allText(tags)) {
        errors.add("tags must be a list of strings");
      }
    }
    JsonNode options = body.path("options");
    if (!options.isMissingNode()) {
      if (!options.isObject()) {
        return List.of("options must be an object");
      }
      for (String flag : List.of("notify_no_data", "include_tags", "notify_audit")) {
        if (options.has(flag) && !options.get(flag).isBoolean()) {
          errors.add("options." + flag + " must be a boolean");
        }
      }
      for (String count : List.of("min_failure_duration", "min_location_failed", "new_host_delay")) {
        if (options.has(count) && !options.get(count).isIntegralNumber()) {
          errors.add("options." + count + " must be an integer");
        }
      }
      JsonNode critical = options.path("thresholds").path("critical");
      if (!critical.isMissingNode() && !critical.isNumber()) {
        errors.add("options.thresholds.critical must be a number");
      }
      Matcher threshold = QUERY_THRESHOLD.matcher(body.path("query").asText(""));
      if (critical.isNumber() && threshold.find()
          && Double.parseDouble(threshold.group(2)) != critical.asDouble()) {
        errors.add("Alert threshold (" + critical.asDouble() + ") does not match that used in the query ("
            + Double.parseDouble(threshold.group(2)) + ").");
      }
    }
    return errors;
  }

  /** POST /api/v1/dashboard and PUT /api/v1/dashboard/{id}: title, layout_type and widgets required. */
  static List<String> dashboard(JsonNode body) {
    if (!body.isObject()) {
      return List.of("Invalid JSON: a dashboard is an object");
    }
    List<String> errors = new ArrayList<>();
    requireText(body, "title", errors);
    optionalText(body, "description", errors);
    if (!Set.of("ordered", "free").contains(body.path("layout_type").asText(""))) {
      errors.add("layout_type is required: ordered or free");
    }
    JsonNode widgets = body.path("widgets");
    if (!widgets.isArray()) {
      errors.add("widgets is required: a list");
      return errors;
    }
    for (JsonNode widget : widgets) {
      JsonNode definition = widget.path("definition");
      if (!definition.isObject() || !definition.path("type").isTextual()) {
        errors.add("widget definition with a type is required");
      } else if (definition.get("type").asText().equals("timeseries")) {
        JsonNode requests = definition.path("requests");
        if (!requests.isArray() || requests.isEmpty()) {
          errors.add("timeseries widget requires requests");
        } else {
          requests.forEach(r -> {
            if (!r.path("q").isTextual() && !r.path("queries").isArray()) {
              errors.add("timeseries request requires q or queries");
            }
          });
        }
        optionalText(definition, "title", errors);
      }
    }
    return errors;
  }

  private static void requireText(JsonNode body, String field, List<String> errors) {
    if (!body.path(field).isTextual() || body.get(field).asText().isEmpty()) {
      errors.add("Missing required parameter " + field);
    }
  }

  private static void optionalText(JsonNode body, String field, List<String> errors) {
    if (body.has(field) && !body.get(field).isTextual()) {
      errors.add(field + " must be a string");
    }
  }

  private static boolean allText(JsonNode array) {
    for (JsonNode element : array) {
      if (!element.isTextual()) {
        return false;
      }
    }
    return true;
  }
}
