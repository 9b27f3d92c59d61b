package dev.dbops.aurora.testing.strictrds;

import dev.dbops.aurora.testing.rds.RdsError;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Injects the failures RDS answers now and then — Throttling, InternalFailure, ServiceUnavailable — from a
 * seeded {@link Random}, so a single-threaded test sees the same sequence on every run. Each request
 * draws exactly two numbers whatever happens, so one decision never shifts the next.
 *
 * <p>A fault answered <em>before</em> forwarding means nothing happened, which is what RDS guarantees for
 * throttling and makes every retry safe. The "lost answer" fault forwards first and then answers 500: the
 * change was made, and a retried create meets its own resource (AlreadyExists). It is off unless set.
 */
final class FaultInjector {
  enum Fault {
    THROTTLING("Throttling"),
    INTERNAL_FAILURE("InternalFailure"),
    SERVICE_UNAVAILABLE("ServiceUnavailable"),
    /** Forwarded and done downstream, but the caller receives InternalFailure. */
    LOST_ANSWER("LostAnswer");

    final String code;

    Fault(String code) {
      this.code = code;
    }

    RdsError answer() {
      return switch (this) {
        case THROTTLING -> RdsError.throttling();
        case SERVICE_UNAVAILABLE -> RdsError.serviceUnavailable();
        case INTERNAL_FAILURE, LOST_ANSWER -> RdsError.internalFailure();
      };
    }
  }

  private static final Fault[] BEFORE_FORWARDING = {Fault.THROTTLING, Fault.INTERNAL_FAILURE, Fault.SERVICE_UNAVAILABLE};

  private final double faultRate;
  private final double lostAnswerRate;
  private final Random random;
  private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> injected = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> refused = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> relayedServerErrors = new ConcurrentHashMap<>();

  private final java.util.Set<String> lostAnswerActions;

  FaultInjector(double faultRate, double lostAnswerRate, java.util.Set<String> lostAnswerActions, long seed) {
    this.faultRate = faultRate;
    this.lostAnswerRate = lostAnswerRate;
    this.lostAnswerActions = lostAnswerActions;
    this.random = new Random(seed);
  }

  /** The fault for this request, if any; counted per action and code. */
  Optional<Fault> decide(String action) {
    double first;
    double second;
    synchronized (random) {
      first = random.nextDouble();
      second = random.nextDouble();
    }
    requests.computeIfAbsent(action, a -> new LongAdder()).increment();
    Fault fault = null;
    if (first < faultRate) {
      fault = BEFORE_FORWARDING[(int) (second * BEFORE_FORWARDING.length)];
    } else if (first < faultRate + lostAnswerRate
        && (lostAnswerActions.isEmpty() || lostAnswerActions.contains(action))) {
      fault = Fault.LOST_ANSWER;
    }
    if (fault != null && fault != Fault.LOST_ANSWER) {
      count(action, fault);
    }
    return Optional.ofNullable(fault);
  }

  /** Answered Throttling because the account's request rate was exceeded ({@link RequestRate}). */
  void throttled(String action) {
    requests.computeIfAbsent(action, a -> new LongAdder()).increment();
    count(action, Fault.THROTTLING);
  }

  /** A lost answer counts only once it is applied: a request RDS refused has no answer worth losing. */
  void lostAnswerApplied(String action) {
    count(action, Fault.LOST_ANSWER);
  }

  /** Not a fault: an RDS rule said no. Counted here so a test reads every answer's tally in one place. */
  void refused(String action, String code) {
    refused.computeIfAbsent(action + "/" + code, k -> new LongAdder()).increment();
  }

  /** Not a fault either: downstream (moto, the local Aurora) answered 5xx, and the caller got that answer. */
  void serverErrorRelayed(String action) {
    relayedServerErrors.computeIfAbsent(action, k -> new LongAdder()).increment();
  }

  private void count(String action, Fault fault) {
    injected.computeIfAbsent(action + "/" + fault.code, k -> new LongAdder()).increment();
  }

  FaultCounts counts() {
    Map<String, Long> req = new TreeMap<>();
    requests.forEach((k, v) -> req.put(k, v.sum()));
    Map<String, Long> inj = new TreeMap<>();
    injected.forEach((k, v) -> inj.put(k, v.sum()));
    Map<String, Long> ref = new TreeMap<>();
    refused.forEach((k, v) -> ref.put(k, v.sum()));
    Map<String, Long> relayed = new TreeMap<>();
    relayedServerErrors.forEach((k, v) -> relayed.put(k, v.sum()));
    return new FaultCounts(req, inj, ref, relayed);
  }
}
