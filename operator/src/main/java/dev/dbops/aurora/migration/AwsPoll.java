package dev.dbops.aurora.migration;

import dev.dbops.aurora.model.migration.StepStatus;
import java.time.Duration;
import java.time.Instant;

/**
 * When to look again at an AWS operation the current step waits for. A fixed interval either wastes the
 * read-only window (a long interval: on average half of it passes between AWS finishing and the operator
 * noticing) or calls AWS needlessly often during a half-hour upgrade (a short one). Instead:
 *
 * <ul>
 *   <li>right after the step started (its write), the shortest wait: AWS may refuse or finish at once;
 *   <li>with a snapshot's percentProgress, the predicted end, approached by halves (never later than the
 *       rule below);
 *   <li>otherwise a share ({@code awsPollFraction}, 2 %) of the time waited so far, between the shortest
 *       and the longest wait: an operation that takes T is noticed at most about 2 % of T late (at most
 *       awsPoll late for operations longer than awsPoll / 2 %, 1,000 s by default).
 * </ul>
 */
public final class AwsPoll {
  /** Looks at the shortest interval for the first this-many shortest intervals after the step started. */
  static final int EAGER_LOOKS = 5;

  private AwsPoll() {}

  public static Duration next(MigrationContext ctx) {
    return next(ctx, null);
  }

  /** @param percentProgress the operation's progress as AWS reports it (snapshots), or null */
  public static Duration next(MigrationContext ctx, Integer percentProgress) {
    return next(ctx.timings(), waited(ctx), percentProgress);
  }

  static Duration next(MigrationTimings timings, Duration waited, Integer percentProgress) {
    Duration min = timings.awsPollMin();
    Duration max = timings.awsPoll();
    if (waited.compareTo(min.multipliedBy(EAGER_LOOKS)) < 0) {
      return min;
    }
    Duration share = Duration.ofNanos((long) (waited.toNanos() * timings.awsPollFraction()));
    if (percentProgress != null && percentProgress > 0 && percentProgress < 100) {
      Duration remaining = waited.multipliedBy(100 - percentProgress).dividedBy(percentProgress);
      Duration half = remaining.dividedBy(2);
      return clamp(half.compareTo(share) > 0 ? half : share, min, max);
    }
    return clamp(share, min, max);
  }

  private static Duration waited(MigrationContext ctx) {
    String step = ctx.status().getCurrentStep();
    StepStatus entry = step == null ? null
        : ctx.status().getSteps().stream().filter(s -> step.equals(s.getName())).findFirst().orElse(null);
    if (entry == null || entry.getStartedAt() == null) {
      return Duration.ZERO;
    }
    Duration waited = Duration.between(Instant.parse(entry.getStartedAt()), ctx.now());
    return waited.isNegative() ? Duration.ZERO : waited;
  }

  private static Duration clamp(Duration d, Duration min, Duration max) {
    return d.compareTo(min) < 0 ? min : d.compareTo(max) > 0 ? max : d;
  }
}
