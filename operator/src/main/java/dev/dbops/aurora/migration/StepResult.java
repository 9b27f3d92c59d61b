package dev.dbops.aurora.migration;

import java.time.Duration;
import java.util.Map;

/** What one look at a step found: finished, still under way, or failed for good. */
public sealed interface StepResult {

  String message();

  /** The step's work is complete; {@code resources} are AWS ids worth showing in status. */
  record Done(String message, Map<String, String> resources) implements StepResult {}

  /** The step has nothing to do for this migration (e.g. the source is already provisioned); shown as Skipped. */
  record Skipped(String message) implements StepResult {}

  /** Something is under way (in AWS or in SQL); look again after {@code recheckAfter}. */
  record Waiting(String message, Duration recheckAfter, Map<String, String> resources) implements StepResult {}

  /**
   * The step must not go on, and must not roll back by itself either: a person chooses, by a spec change
   * (which wakes the reconciler). Unlike {@link Failed} the migration stays open, so a rollback or an
   * acceptance in spec still applies. {@code reason} is a short CamelCase code.
   */
  record Held(String reason, String message) implements StepResult {}

  /** The step cannot succeed without a change by a person; {@code reason} is a short CamelCase code. */
  record Failed(String reason, String message) implements StepResult {}

  static StepResult done(String message) {
    return new Done(message, Map.of());
  }

  static StepResult done(String message, Map<String, String> resources) {
    return new Done(message, resources);
  }

  static StepResult skipped(String message) {
    return new Skipped(message);
  }

  static StepResult waiting(String message, Duration recheckAfter) {
    return new Waiting(message, recheckAfter, Map.of());
  }

  static StepResult waiting(String message, Duration recheckAfter, Map<String, String> resources) {
    return new Waiting(message, recheckAfter, resources);
  }

  static StepResult held(String reason, String message) {
    return new Held(reason, message);
  }

  static StepResult failed(String reason, String message) {
    return new Failed(reason, message);
  }
}
