package dev.dbops.aurora.migration;

import java.time.Duration;

/**
 * How often the migration looks again while AWS or SQL work is under way. Tests shorten these.
 *
 * @param awsPoll the longest wait between two looks at an AWS operation
 * @param awsPollMin the shortest, used right after a write (AWS may refuse or finish at once)
 * @param awsPollFraction a wait is at most this share of the time the step has waited so far, so the time
 *     between AWS finishing and the operator seeing it stays this share of the step (see {@link AwsPoll})
 */
public record MigrationTimings(Duration awsPoll, Duration sqlPoll, Duration nextStep, Duration retryBackoff,
    Duration awsPollMin, double awsPollFraction) {

  /** With the shortest AWS wait the smaller of awsPoll and 2 s, and waits of at most 2 % of the time waited. */
  public MigrationTimings(Duration awsPoll, Duration sqlPoll, Duration nextStep, Duration retryBackoff) {
    this(awsPoll, sqlPoll, nextStep, retryBackoff, awsPoll.compareTo(Duration.ofSeconds(2)) < 0 ? awsPoll : Duration.ofSeconds(2),
        0.02);
  }

  public static MigrationTimings defaults() {
    return new MigrationTimings(
        Duration.ofSeconds(20), Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(30));
  }

  /** Every duration times {@code factor} (the window benchmark scales AWS and operator alike). */
  public MigrationTimings scaled(double factor) {
    return new MigrationTimings(times(awsPoll, factor), times(sqlPoll, factor), times(nextStep, factor),
        times(retryBackoff, factor), times(awsPollMin, factor), awsPollFraction);
  }

  private static Duration times(Duration d, double factor) {
    return Duration.ofNanos(Math.max(1_000_000, Math.round(d.toNanos() * factor)));
  }
}
