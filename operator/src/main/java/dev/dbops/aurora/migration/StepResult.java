package dev.dbops.aurora.migration;

import java.time.Duration;
import java.util.Map;

/** What one look at a step found: finished, still under way, or failed for good. */
public sealed interface StepResult {

  String message();

  /** The step's work is complete; {@code resources} are AWS ids worth showing in status. */
  record Done(String message, Map<String, String> resources) implements StepResult {}

  /** Something is under way (in AWS or in SQL); look again after {@code recheckAfter}. */
  record Waiting(String message, Duration recheckAfter, Map<String, String> resources) implements StepResult {}

  /** The step cannot succeed without a change by a person; {@code reason} is a short CamelCase code. */
  record Failed(String reason, String message) implements StepResult {}

  static StepResult done(String message) {
    return new Done(message, Map.of());
  }

  static StepResult done(String message, Map<String, String> resources) {
    return new Done(message, resources);
  }

  static StepResult waiting(String message, Duration recheckAfter) {
    return new Waiting(message, recheckAfter, Map.of());
  }

  static StepResult waiting(String message, Duration recheckAfter, Map<String, String> resources) {
    return new Waiting(message, recheckAfter, resources);
  }

  static StepResult failed(String reason, String message) {
    return new Failed(reason, message);
  }
}
