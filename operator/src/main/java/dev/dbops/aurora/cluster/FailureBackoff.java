package dev.dbops.aurora.cluster;

import dev.dbops.aurora.model.cluster.FailureHold;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers failed AWS calls per resource. Retryable failures back off exponentially up to a cap (in
 * memory: a restart at worst retries a little early); terminal ones hold the resource for a long interval
 * so a bad spec does not hammer AWS, recorded as a {@link FailureHold} in status so the hold survives a
 * restart. Both are forgotten when the spec's generation changes, because a new spec deserves a fresh try.
 */
public final class FailureBackoff {
  private final Duration initial;
  private final Duration cap;
  private final Duration terminalHold;
  private final Clock clock;
  private final Map<String, Failure> failures = new ConcurrentHashMap<>();

  private record Failure(long generation, int attempts, Instant notBefore) {}

  public FailureBackoff(Duration initial, Duration cap, Duration terminalHold, Clock clock) {
    this.initial = initial;
    this.cap = cap;
    this.terminalHold = terminalHold;
    this.clock = clock;
  }

  public static FailureBackoff standard() {
    return new FailureBackoff(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(10), Clock.systemUTC());
  }

  /** Records a retryable failure and returns how long to wait before the next attempt. */
  public Duration retryable(String uid, long generation) {
    Failure previous = failures.get(uid);
    int attempts = previous != null && previous.generation() == generation ? previous.attempts() + 1 : 1;
    Duration delay = initial.multipliedBy(1L << Math.min(attempts - 1, 20));
    if (delay.compareTo(cap) > 0) {
      delay = cap;
    }
    failures.put(uid, new Failure(generation, attempts, clock.instant().plus(delay)));
    return delay;
  }

  /** Records a terminal failure and returns the hold to keep in status. */
  public FailureHold terminal(String uid, long generation) {
    Instant until = clock.instant().plus(terminalHold).truncatedTo(ChronoUnit.SECONDS);
    failures.put(uid, new Failure(generation, Integer.MAX_VALUE, until));
    return new FailureHold(generation, until.toString());
  }

  /** Time left of a hold kept in status before this generation may call AWS again; empty when it may now. */
  public Optional<Duration> remainingHold(FailureHold hold, long generation) {
    if (hold == null || hold.getGeneration() == null || hold.getGeneration() != generation
        || hold.getUntil() == null) {
      return Optional.empty();
    }
    Instant until;
    try {
      until = Instant.parse(hold.getUntil());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
    // Never longer than the configured hold, whatever a hand-edited status says.
    Duration left = Duration.between(clock.instant(), until);
    if (left.compareTo(terminalHold) > 0) {
      left = terminalHold;
    }
    return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
  }

  public void succeeded(String uid) {
    failures.remove(uid);
  }
}
