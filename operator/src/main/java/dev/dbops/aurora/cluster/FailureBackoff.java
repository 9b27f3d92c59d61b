package dev.dbops.aurora.cluster;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers failed AWS calls per resource. Retryable failures back off exponentially up to a cap;
 * terminal ones hold the resource for a long interval so a bad spec does not hammer AWS. Both are
 * forgotten when the spec's generation changes, because a new spec deserves a fresh try.
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

  /** Records a terminal failure and returns the hold. */
  public Duration terminal(String uid, long generation) {
    failures.put(uid, new Failure(generation, Integer.MAX_VALUE, clock.instant().plus(terminalHold)));
    return terminalHold;
  }

  /** Time left before this generation may call AWS again; empty when it may now. */
  public Optional<Duration> remainingHold(String uid, long generation) {
    Failure f = failures.get(uid);
    if (f == null || f.generation() != generation || f.attempts() != Integer.MAX_VALUE) {
      return Optional.empty();
    }
    Duration left = Duration.between(clock.instant(), f.notBefore());
    return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
  }

  public void succeeded(String uid) {
    failures.remove(uid);
  }
}
