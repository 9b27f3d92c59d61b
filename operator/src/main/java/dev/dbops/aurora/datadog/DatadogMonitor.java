package dev.dbops.aurora.datadog;

import java.util.List;

/** One metric-alert monitor: {@code query} is a full Datadog monitor query including the threshold. */
public record DatadogMonitor(String name, String query, String message, double critical, List<String> tags) {
  public DatadogMonitor {
    tags = List.copyOf(tags);
  }
}
