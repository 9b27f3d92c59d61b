package dev.dbops.aurora.cluster;

import java.time.Duration;

/**
 * How often the reconciler looks again.
 *
 * @param poll the wait between looks while AWS is creating or modifying something this process did not ask
 *     for (after a write of its own the looks come every tick, see {@link PollSchedule})
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

  /** The tick of the looks after a write while few clusters are in transition; see {@link PollSchedule}. */
  public static final Duration TICK_UNIT = Duration.ofMillis(500);

  /** The tick's unit: {@link #TICK_UNIT}, or {@code poll} when that is shorter. */
  public Duration tickUnit() {
    return poll.compareTo(TICK_UNIT) < 0 ? poll : TICK_UNIT;
  }

  /**
   * The wait until this cluster's next steady-state look: the next multiple of {@code resync} on the
   * wall clock (at least half an interval away), the same instant for every cluster. The resyncs of a
   * fleet then come as one burst that one inventory listing answers; spread over the interval, as their
   * ready times were, they would make a listing every inventory refresh.
   */
  public Duration resyncFromNow() {
    return untilNextResync(System.currentTimeMillis());
  }

  Duration untilNextResync(long nowMillis) {
    long interval = Math.max(1, resync.toMillis());
    long wait = interval - Math.floorMod(nowMillis, interval);
    return Duration.ofMillis(wait < interval / 2 ? wait + interval : wait);
  }

  public static ClusterTimings standard(Duration resync) {
    return new ClusterTimings(
        Duration.ofSeconds(15), resync, Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(10));
  }
}
