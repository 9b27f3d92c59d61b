package dev.dbops.aurora.cluster;

import dev.dbops.aurora.aws.ClusterApi;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * When to look at a cluster again while AWS works on it after a write of this process. Such a cluster is
 * re-read from AWS on a tick shared by every cluster in transition, for as long as the transition lasts: the
 * wait after AWS finishes is at most one tick, however long AWS took (RDS's creates take minutes; a back-off
 * that doubles up to 15 s left up to 15 s per transition).
 *
 * <p>What keeps that cheap is the inventory's batched re-read: the looks of one tick come together, and the
 * first of them re-reads every cluster asked for in one DescribeDBClusters + DescribeDBInstances pair per
 * {@link #BATCH} clusters. The tick is {@link ClusterTimings#tickUnit()} (0.5 s) per started
 * {@link #CLUSTERS_PER_UNIT} clusters in transition: at most 4 describes/s while up to 50 are in transition,
 * 2 describes/s on average from 100 on (at 1,000, ten describe pairs every 10 s). Two transitions of one
 * cluster's creation (cluster, then its instance) then cost at most one tick each after AWS finishes. Looks not
 * caused by a write of this process (a transition found after a restart, or started outside Kubernetes) read
 * the shared inventory at {@link ClusterTimings#poll()}, and so do transitions past {@link #TRANSITION_LIMIT},
 * so the steady-state AWS calls stay one listing per interval.
 */
final class PollSchedule {
  /** Clusters one re-read answers: the inventory's batch (RDS's largest page). */
  static final int BATCH = 100;
  /**
   * Clusters in transition per unit of the tick: half a batch, so that from one batch on the re-reads come
   * at one describe pair per second, and a few clusters are looked at every half second.
   */
  static final int CLUSTERS_PER_UNIT = BATCH / 2;
  /**
   * A transition still under way after this long is polled at {@link ClusterTimings#poll()} like any other
   * (a cluster stuck in a state AWS does not leave by itself would otherwise hold a place in the ticks).
   */
  static final Duration TRANSITION_LIMIT = Duration.ofHours(1);

  private final Duration unit;
  private final Duration cap;
  private final LongSupplier clock;
  /** When this process last wrote to AWS for a resource (epoch millis), per uid; absent when nothing is pending. */
  private final Map<String, Long> writtenAt = new ConcurrentHashMap<>();

  PollSchedule(ClusterTimings timings) {
    this(timings, System::currentTimeMillis);
  }

  PollSchedule(ClusterTimings timings, LongSupplier clock) {
    this.unit = timings.tickUnit();
    this.cap = timings.poll();
    this.clock = clock;
  }

  /** The operator just wrote to AWS for this resource (and asked the inventory to re-read the cluster). */
  Duration afterWrite(String uid) {
    long now = clock.getAsLong();
    writtenAt.put(uid, now);
    return untilNextTick(now);
  }

  /** AWS is still busy with the cluster; a look in a transition this process started re-reads it. */
  Duration whileWaiting(String uid, ClusterApi api, String clusterId) {
    long now = clock.getAsLong();
    Long since = writtenAt.get(uid);
    if (since == null) {
      return cap;
    }
    if (now - since >= TRANSITION_LIMIT.toMillis()) {
      writtenAt.remove(uid);
      return cap;
    }
    api.refresh(clusterId);
    return untilNextTick(now);
  }

  /** Nothing pending any more (ready, failed, deleted). */
  void settled(String uid) {
    writtenAt.remove(uid);
  }

  /** The tick: {@link #unit} per started {@link #CLUSTERS_PER_UNIT} clusters in transition. */
  Duration tick() {
    int units = Math.max(1, (writtenAt.size() + CLUSTERS_PER_UNIT - 1) / CLUSTERS_PER_UNIT);
    return unit.multipliedBy(units);
  }

  /**
   * The wait until the next multiple of the tick on the wall clock, the same instant for every cluster in
   * transition, so their re-reads meet in the inventory's batches instead of each making its own. A look that
   * runs a moment before a tick (JOSDK's timer and the wall clock differ by a few milliseconds) waits for the
   * one after, rather than look twice within milliseconds.
   */
  Duration untilNextTick(long nowMillis) {
    long tick = Math.max(1, tick().toMillis());
    long wait = tick - Math.floorMod(nowMillis, tick);
    return Duration.ofMillis(wait < Math.min(50, tick / 4) ? wait + tick : wait);
  }
}
