package dev.dbops.aurora.testing.strictrds;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The transitions moto skips, per resource: which status RDS would report now, until when, and what it
 * still reports meanwhile (the old engine version during an upgrade, a snapshot's progress). After the last
 * transition ends the resource reports what moto says.
 *
 * <p>A deleted resource is kept here as a "ghost": its last XML from moto, shown as {@code deleting} until
 * its delete duration ends, after which it vanishes as it has in moto already.
 */
final class StateClock {
  enum Kind { CLUSTER, INSTANCE, SNAPSHOT, DEPLOYMENT }

  record Key(Kind kind, String id) {}

  /**
   * @param status what RDS reports during the transition
   * @param until when the transition ends
   * @param engineVersion the version still reported meanwhile (upgrading), or null
   */
  record Transition(String status, Instant until, String engineVersion) {}

  /** A deleted resource still reported as deleting. */
  record Ghost(String xml, String clusterId, Instant until) {}

  /** A snapshot's progress: from 0 at start to 100 at end. */
  record Progress(Instant start, Instant end) {
    int percentAt(Instant now) {
      long total = Duration.between(start, end).toMillis();
      if (total <= 0 || !now.isBefore(end)) {
        return 100;
      }
      return (int) Math.max(0, Math.min(99, Duration.between(start, now).toMillis() * 100 / total));
    }
  }

  private final Clock clock;
  private final Map<Key, Transition> transitions = new ConcurrentHashMap<>();
  private final Map<Key, Instant> visibleFrom = new ConcurrentHashMap<>();
  private final Map<Key, Ghost> ghosts = new ConcurrentHashMap<>();
  private final Map<Key, Progress> progress = new ConcurrentHashMap<>();
  private final Timeline timeline = new Timeline();

  StateClock(Clock clock) {
    this.clock = clock;
  }

  Instant now() {
    return clock.instant();
  }

  Timeline timeline() {
    return timeline;
  }

  void begin(Kind kind, String id, String status, Duration duration, String engineVersionMeanwhile) {
    if (!duration.isZero()) {
      Instant start = now();
      transitions.put(new Key(kind, id), new Transition(status, start.plus(duration), engineVersionMeanwhile));
      timeline.transition(kind, id, status, start, start.plus(duration));
    }
  }

  void hideUntil(Kind kind, String id, Duration delay) {
    if (!delay.isZero()) {
      visibleFrom.put(new Key(kind, id), now().plus(delay));
    }
  }

  void progress(String snapshotId, Duration duration) {
    if (!duration.isZero()) {
      Instant start = now();
      progress.put(new Key(Kind.SNAPSHOT, snapshotId), new Progress(start, start.plus(duration)));
    }
  }

  void bury(Kind kind, String id, String xml, String clusterId, Duration duration) {
    transitions.remove(new Key(kind, id));
    if (!duration.isZero()) {
      Instant start = now();
      ghosts.put(new Key(kind, id), new Ghost(xml, clusterId, start.plus(duration)));
      timeline.transition(kind, id, "deleting", start, start.plus(duration));
    }
  }

  /** The transition running now, if any. */
  Optional<Transition> transition(Kind kind, String id) {
    Key key = new Key(kind, id);
    Transition t = transitions.get(key);
    if (t == null) {
      return Optional.empty();
    }
    if (!now().isBefore(t.until())) {
      transitions.remove(key, t);
      return Optional.empty();
    }
    return Optional.of(t);
  }

  boolean isHidden(Kind kind, String id) {
    Instant from = visibleFrom.get(new Key(kind, id));
    return from != null && now().isBefore(from);
  }

  Optional<Ghost> ghost(Kind kind, String id) {
    Key key = new Key(kind, id);
    Ghost g = ghosts.get(key);
    if (g != null && !now().isBefore(g.until())) {
      ghosts.remove(key, g);
      return Optional.empty();
    }
    return Optional.ofNullable(g);
  }

  List<Map.Entry<String, Ghost>> ghosts(Kind kind) {
    return ghosts.keySet().stream().filter(k -> k.kind() == kind).map(k -> ghost(kind, k.id()).map(g -> Map.entry(k.id(), g)))
        .flatMap(Optional::stream).sorted(Map.Entry.comparingByKey()).toList();
  }

  Optional<Progress> progress(String snapshotId) {
    return Optional.ofNullable(progress.get(new Key(Kind.SNAPSHOT, snapshotId)));
  }
}
