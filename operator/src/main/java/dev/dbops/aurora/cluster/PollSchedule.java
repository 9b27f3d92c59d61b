package dev.dbops.aurora.cluster;

import dev.dbops.aurora.aws.ClusterApi;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When to look at a cluster again while AWS works on it. Right after the operator wrote to AWS it looks
 * soon ({@link ClusterTimings#firstPoll()}) and then backs off, doubling up to {@link ClusterTimings#poll()}:
 * a change moto or a fast RDS call finishes in a second is seen in a second, a cluster create that takes
 * minutes costs a handful of looks. Only the looks of that first, fast phase re-read the cluster from AWS
 * (a targeted describe); later ones, and every look not caused by a write of this process, read the
 * shared inventory like a resync does, so the steady-state AWS calls stay one listing per interval.
 */
final class PollSchedule {
  private final Duration first;
  private final Duration cap;
  /** Looks since the last write, per resource uid; absent when no write of this process is pending. */
  private final Map<String, Integer> looksSinceWrite = new ConcurrentHashMap<>();

  PollSchedule(ClusterTimings timings) {
    this.first = timings.firstPoll();
    this.cap = timings.poll();
  }

  /** The operator just wrote to AWS for this resource (and asked the inventory to re-read the cluster). */
  Duration afterWrite(String uid) {
    looksSinceWrite.put(uid, 0);
    return first;
  }

  /** AWS is still busy with the cluster; a look in the fast phase re-reads it on the next pass. */
  Duration whileWaiting(String uid, ClusterApi api, String clusterId) {
    Integer looks = looksSinceWrite.computeIfPresent(uid, (k, n) -> n + 1);
    if (looks == null) {
      return cap;
    }
    Duration next = backedOff(looks);
    if (next.compareTo(cap) < 0) {
      api.refresh(clusterId);
      return next;
    }
    looksSinceWrite.remove(uid);
    return cap;
  }

  /** Nothing pending any more (ready, failed, deleted). */
  void settled(String uid) {
    looksSinceWrite.remove(uid);
  }

  private Duration backedOff(int looks) {
    Duration next = first;
    for (int i = 0; i < looks && next.compareTo(cap) < 0; i++) {
      next = next.multipliedBy(2);
    }
    return next.compareTo(cap) < 0 ? next : cap;
  }
}
