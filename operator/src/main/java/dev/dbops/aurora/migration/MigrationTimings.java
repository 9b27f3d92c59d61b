package dev.dbops.aurora.migration;

import java.time.Duration;

/**
 * How often the migration looks again while AWS or SQL work is under way. Tests shorten these; AWS
 * operations take minutes, so the defaults keep API calls low.
 */
public record MigrationTimings(Duration awsPoll, Duration sqlPoll, Duration nextStep, Duration retryBackoff) {

  public static MigrationTimings defaults() {
    return new MigrationTimings(
        Duration.ofSeconds(20), Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(30));
  }
}
