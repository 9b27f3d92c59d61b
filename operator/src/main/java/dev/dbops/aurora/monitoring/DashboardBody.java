package dev.dbops.aurora.monitoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A CloudWatch dashboard body under construction: widgets laid out on the 24-column grid, serialised in a
 * fixed order so the same clusters always give the same bytes.
 */
final class DashboardBody {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ObjectNode root = JSON.createObjectNode();
  private final ArrayNode widgets = root.putArray("widgets");
  private final String region;

  DashboardBody(String region) {
    this.region = region;
  }

  /** A time-series widget; each line is [namespace, metric, dimension name, value, ...] plus a label. */
  void metricWidget(int x, int y, int width, String title, String stat, List<Line> lines) {
    ObjectNode widget = widgets.addObject();
    widget.put("type", "metric").put("x", x).put("y", y).put("width", width).put("height", 6);
    ObjectNode properties = widget.putObject("properties");
    properties.put("title", title).put("region", region).put("stat", stat).put("period", 300)
        .put("view", "timeSeries").put("stacked", false);
    ArrayNode metrics = properties.putArray("metrics");
    for (Line line : lines) {
      ArrayNode row = metrics.addArray();
      row.add("AWS/RDS").add(line.metric());
      for (String part : line.dimensions()) {
        row.add(part);
      }
      row.addObject().put("label", line.label());
    }
  }

  void textWidget(int x, int y, int width, int height, String markdown) {
    ObjectNode widget = widgets.addObject();
    widget.put("type", "text").put("x", x).put("y", y).put("width", width).put("height", height);
    widget.putObject("properties").put("markdown", markdown);
  }

  String json() {
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("dashboard body not serialisable", e);
    }
  }

  /** One metric line: dimensions as alternating name, value. */
  record Line(String metric, List<String> dimensions, String label) {}
}
