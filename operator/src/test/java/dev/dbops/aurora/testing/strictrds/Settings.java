package dev.dbops.aurora.testing.strictrds;

import java.time.Duration;
import java.util.Set;

/**
 * How strict a {@link StrictRds} is, per test.
 *
 * @param durations how long each transition lasts
 * @param consistencyDelay how long a new cluster, instance or snapshot stays invisible to describes
 * @param faultRate share of RDS requests answered with Throttling / InternalFailure / ServiceUnavailable
 *     before forwarding (nothing happened)
 * @param lostAnswerRate share of RDS requests forwarded and then answered InternalFailure (it happened,
 *     the caller does not know)
 * @param lostAnswerActions the actions whose answers may be lost; empty for every action
 * @param seed seed of the fault sequence
 * @param rateLimit the account's request rate for RDS calls, above which RDS answers Throttling
 * @param downstreamPages whether the next stage pages DescribeDBClusters itself (bench/moto_fleet.py does;
 *     moto as installed does not, and then this stage pages a full listing)
 */
public record Settings(Durations durations, Duration consistencyDelay, double faultRate, double lostAnswerRate,
    Set<String> lostAnswerActions, long seed, RateLimit rateLimit, boolean downstreamPages) {

  /**
   * RDS's throttling: a token bucket per account and region for all RDS API calls, {@code burst} requests at
   * once and {@code perSecond} sustained (RDS User Guide, "Request throttling for the Amazon RDS API": 300 and
   * 12 by default, raised on request).
   */
  public record RateLimit(int burst, double perSecond) {
    public static RateLimit none() {
      return new RateLimit(0, 0);
    }

    public static RateLimit rdsDefault() {
      return new RateLimit(300, 12);
    }

    public boolean limits() {
      return perSecond > 0;
    }
  }

  /**
   * @param clusterCreate creating (CreateDBCluster, RestoreDBClusterFromSnapshot)
   * @param clusterModify modifying (ModifyDBCluster without a new EngineVersion)
   * @param clusterUpgrade upgrading (ModifyDBCluster with a new EngineVersion)
   * @param clusterStop stopping, before stopped
   * @param clusterStart starting
   * @param clusterDelete deleting, before the cluster vanishes
   * @param snapshot a cluster snapshot's creating (PercentProgress 0 → 100), the cluster's backing-up
   * @param instanceCreate an instance's creating
   * @param instanceModify an instance's modifying
   * @param instanceDelete an instance's deleting
   */
  public record Durations(Duration clusterCreate, Duration clusterModify, Duration clusterUpgrade,
      Duration clusterStop, Duration clusterStart, Duration clusterDelete, Duration snapshot,
      Duration instanceCreate, Duration instanceModify, Duration instanceDelete) {

    public static Durations none() {
      Duration z = Duration.ZERO;
      return new Durations(z, z, z, z, z, z, z, z, z, z);
    }

    /** Every duration multiplied by {@code factor}: the same proportions, shorter runs. */
    public Durations times(double factor) {
      java.util.function.UnaryOperator<Duration> f = d -> Duration.ofMillis(Math.round(d.toMillis() * factor));
      return new Durations(f.apply(clusterCreate), f.apply(clusterModify), f.apply(clusterUpgrade), f.apply(clusterStop),
          f.apply(clusterStart), f.apply(clusterDelete), f.apply(snapshot), f.apply(instanceCreate),
          f.apply(instanceModify), f.apply(instanceDelete));
    }

    /**
     * Real RDS takes minutes (create 5–10, major upgrade 10–30, snapshot minutes, instance 5–10); these
     * keep the proportions at seconds.
     */
    public static Durations scaledDown() {
      return new Durations(Duration.ofSeconds(2), Duration.ofMillis(800), Duration.ofSeconds(3),
          Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1),
          Duration.ofSeconds(2), Duration.ofMillis(800), Duration.ofSeconds(1));
    }
  }

  /** moto's timing (everything at once) with RDS's names, lower-casing and refusals. */
  public static Settings instant() {
    return new Settings(Durations.none(), Duration.ZERO, 0, 0, Set.of(), 1, RateLimit.none(), false);
  }

  /** Transitions that take seconds, and describes that lag creates by half a second. */
  public static Settings realisticScaledDown() {
    return new Settings(Durations.scaledDown(), Duration.ofMillis(500), 0, 0, Set.of(), 1, RateLimit.none(), false);
  }

  public Settings withFaults(double rate, long seed) {
    return new Settings(durations, consistencyDelay, rate, lostAnswerRate, lostAnswerActions, seed, rateLimit,
        downstreamPages);
  }

  /** Answers of {@code actions} (all when none given) lost at this rate after they took effect. */
  public Settings withLostAnswers(double rate, String... actions) {
    return new Settings(durations, consistencyDelay, faultRate, rate, Set.of(actions), seed, rateLimit,
        downstreamPages);
  }

  public Settings withDurations(Durations durations) {
    return new Settings(durations, consistencyDelay, faultRate, lostAnswerRate, lostAnswerActions, seed, rateLimit,
        downstreamPages);
  }

  public Settings withConsistencyDelay(Duration delay) {
    return new Settings(durations, delay, faultRate, lostAnswerRate, lostAnswerActions, seed, rateLimit,
        downstreamPages);
  }

  public Settings withRateLimit(RateLimit limit) {
    return new Settings(durations, consistencyDelay, faultRate, lostAnswerRate, lostAnswerActions, seed, limit,
        downstreamPages);
  }

  public Settings withDownstreamPaging() {
    return new Settings(durations, consistencyDelay, faultRate, lostAnswerRate, lostAnswerActions, seed, rateLimit,
        true);
  }
}
