package dev.dbops.aurora.migration.steps;

import java.time.Duration;

/** Durations as kubectl prints ages: 45s, 12m30s, 3h5m. */
public final class HumanDuration {
  private HumanDuration() {}

  public static String format(Duration duration) {
    long seconds = Math.max(0, duration.toSeconds());
    long hours = seconds / 3600;
    long minutes = (seconds % 3600) / 60;
    long rest = seconds % 60;
    if (hours > 0) {
      return hours + "h" + (minutes > 0 ? minutes + "m" : "");
    }
    if (minutes > 0) {
      return minutes + "m" + (rest > 0 ? rest + "s" : "");
    }
    return rest + "s";
  }
}
