package dev.dbops.aurora.testing.strictrds;

/**
 * RDS's request throttling as a token bucket: {@link Settings.RateLimit#burst} tokens at most, refilled at
 * {@link Settings.RateLimit#perSecond}; a request that finds the bucket empty is answered Throttling before
 * anything happens, as RDS does. Refused requests take no token, so a client that backs off gets through.
 */
final class RequestRate {
  private final Settings.RateLimit limit;
  private final java.util.function.LongSupplier nanos;
  private double tokens;
  private long refilledAt;

  RequestRate(Settings.RateLimit limit, java.util.function.LongSupplier nanos) {
    this.limit = limit;
    this.nanos = nanos;
    this.tokens = limit.burst();
    this.refilledAt = nanos.getAsLong();
  }

  /** Whether one more request is within the rate now (always, when the rate is not limited). */
  synchronized boolean admit() {
    if (!limit.limits()) {
      return true;
    }
    long now = nanos.getAsLong();
    tokens = Math.min(limit.burst(), tokens + (now - refilledAt) / 1e9 * limit.perSecond());
    refilledAt = now;
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }
}
