package dev.dbops.aurora.cluster;

import java.time.Duration;

/**
 * How often the reconciler looks again.
 *
 * @param poll while AWS is still creating or modifying something
 * @param resync in steady state, to notice drift made outside Kubernetes
 * @param retryInitial first wait after a retryable AWS error, doubled per repeat
 * @param retryCap longest wait between retries
 * @param terminalHold how long a terminal AWS error keeps the same spec from calling AWS again
 */
public record ClusterTimings(
    Duration poll, Duration resync, Duration retryInitial, Duration retryCap, Duration terminalHold) {

  public static ClusterTimings standard(Duration resync) {
    return new ClusterTimings(
        Duration.ofSeconds(15), resync, Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(10));
  }
}
