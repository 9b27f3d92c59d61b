package dev.dbops.aurora.cluster;

import dev.dbops.aurora.aws.RdsIdentifier;
import dev.dbops.aurora.model.cluster.PendingCreate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Creates asked for and not listed yet. RDS lists a new cluster or instance some time after it accepted the
 * create (its describes are eventually consistent); a find that misses it then must not lead to a second
 * create, which RDS would refuse as AlreadyExists. For {@code grace} after the request a miss means "created,
 * not listed yet": wait and look again. After that the miss is believed (the create may really have
 * failed, or someone deleted it) and the create is asked again. The request time is kept in status, so the
 * grace period is measured the same way across operator restarts.
 */
final class PendingCreates {
  static final String CLUSTER = "cluster";
  static final String INSTANCE = "instance";

  private final Duration grace;
  private final Clock clock;

  PendingCreates(Duration grace, Clock clock) {
    this.grace = grace;
    this.clock = clock;
  }

  /** True while a create of this cluster or instance was asked for less than the grace period ago. */
  boolean awaited(List<PendingCreate> recorded, String kind, String identifier) {
    return find(recorded, kind, identifier).flatMap(PendingCreates::requestedAt)
        .map(at -> clock.instant().isBefore(at.plus(grace)))
        .orElse(false);
  }

  /**
   * True when a create of it was asked for a whole grace period ago and it was never listed: an
   * AlreadyExists now is a real conflict, not AWS's lag.
   */
  boolean waitedInVain(List<PendingCreate> recorded, String kind, String identifier) {
    return find(recorded, kind, identifier).isPresent() && !awaited(recorded, kind, identifier);
  }

  /** The instances still awaited. */
  Set<String> awaitedInstances(List<PendingCreate> recorded) {
    Set<String> ids = new LinkedHashSet<>();
    if (recorded != null) {
      recorded.stream()
          .filter(p -> INSTANCE.equals(p.getKind()) && awaited(recorded, INSTANCE, p.getIdentifier()))
          .forEach(p -> ids.add(p.getIdentifier()));
    }
    return ids;
  }

  /** Status after asking for a create now (replacing an older request for the same name). */
  List<PendingCreate> asked(List<PendingCreate> recorded, String kind, String identifier) {
    String id = RdsIdentifier.canonical(identifier);
    List<PendingCreate> next = new ArrayList<>(without(recorded, kind, id));
    next.add(new PendingCreate(kind, id, clock.instant().truncatedTo(ChronoUnit.MILLIS).toString()));
    return next;
  }

  /**
   * Status after the cluster was listed with these instances: listed creates are done, and creates of
   * instances the spec no longer wants are not waited for.
   */
  List<PendingCreate> afterListing(List<PendingCreate> recorded, Set<String> listedInstances, Set<String> wantedInstances) {
    if (recorded == null) {
      return null;
    }
    Set<String> listed = canonical(listedInstances);
    Set<String> wanted = canonical(wantedInstances);
    List<PendingCreate> next = recorded.stream()
        .filter(p -> INSTANCE.equals(p.getKind()))
        .filter(p -> !listed.contains(p.getIdentifier()) && wanted.contains(p.getIdentifier()))
        .toList();
    return next.isEmpty() ? null : next;
  }

  private static Optional<PendingCreate> find(List<PendingCreate> recorded, String kind, String identifier) {
    if (recorded == null) {
      return Optional.empty();
    }
    String id = RdsIdentifier.canonical(identifier);
    return recorded.stream()
        .filter(p -> kind.equals(p.getKind()) && Objects.equals(id, p.getIdentifier()))
        .findFirst();
  }

  private static List<PendingCreate> without(List<PendingCreate> recorded, String kind, String id) {
    if (recorded == null) {
      return List.of();
    }
    return recorded.stream().filter(p -> !(kind.equals(p.getKind()) && Objects.equals(id, p.getIdentifier()))).toList();
  }

  private static Optional<Instant> requestedAt(PendingCreate p) {
    try {
      return Optional.ofNullable(p.getRequestedAt()).map(Instant::parse);
    } catch (DateTimeParseException e) {
      return Optional.empty(); // a hand-edited time is not waited for
    }
  }

  private static Set<String> canonical(Set<String> ids) {
    Set<String> out = new LinkedHashSet<>();
    ids.forEach(i -> out.add(RdsIdentifier.canonical(i)));
    return out;
  }
}
