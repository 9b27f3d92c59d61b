package dev.dbops.aurora.testing.strictrds;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What StrictRds did when, by its own clock: every timed transition it started (and so when RDS would have
 * finished it) and the arrival time of every RDS request. A benchmark reads the operator's latency from
 * these (a transition's end against the next request after it), not from anything the operator reports.
 */
public final class Timeline {

  /** A transition: {@code kind} CLUSTER, INSTANCE or SNAPSHOT; {@code status} as RDS shows it meanwhile. */
  public record Transition(String kind, String id, String status, Instant start, Instant until) {}

  /** An RDS request as it arrived (faults and refusals included). */
  public record Request(Instant at, String action) {}

  private final List<Transition> transitions = new CopyOnWriteArrayList<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile Consumer<Transition> onTransition = t -> { };

  void transition(StateClock.Kind kind, String id, String status, Instant start, Instant until) {
    Transition t = new Transition(kind.name(), id, status, start, until);
    transitions.add(t);
    onTransition.accept(t);
  }

  /**
   * Also hands each transition to {@code sink} as it begins (its end is known then): a benchmark in another
   * process reads from it when AWS finished, e.g. when the last of a fleet's clusters became available.
   */
  public void alsoTo(Consumer<Transition> sink) {
    this.onTransition = sink;
  }

  void request(Instant at, String action) {
    requests.add(new Request(at, action));
  }

  public List<Transition> transitions() {
    return List.copyOf(transitions);
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }
}
