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
 * @param createGrace how long after a create a describe that does not list the new cluster or instance is
 *     taken as AWS's lag (wait, look again) rather than a failed create (create again)
 */
public record ClusterTimings(
    Duration poll, Duration resync, Duration retryInitial, Duration retryCap, Duration terminalHold,
    Duration createGrace) {

  /** RDS lists a new cluster within seconds; minutes leave room without hiding a create that failed. */
  public static final Duration DEFAULT_CREATE_GRACE = Duration.ofMinutes(5);

  public ClusterTimings(Duration poll, Duration resync, Duration retryInitial, Duration retryCap, Duration terminalHold) {
    this(poll, resync, retryInitial, retryCap, terminalHold, DEFAULT_CREATE_GRACE);
  }

  public static ClusterTimings standard(Duration resync) {
    return new ClusterTimings(
        Duration.ofSeconds(15), resync, Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(10));
  }
}
