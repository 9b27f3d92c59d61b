package dev.dbops.aurora.cluster;

import dev.dbops.aurora.aws.AuroraInstance;
import dev.dbops.aurora.aws.ClusterMember;
import dev.dbops.aurora.aws.InstanceChanges;
import dev.dbops.aurora.aws.RdsIdentifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What to do with the cluster's instances: create the missing ones, modify drifted ones, delete extras.
 * Extra readers go before an extra writer, and the writer is only deleted once a wanted instance is
 * available to take over, so the cluster never loses its last writer. A missing instance whose create was
 * asked for a moment ago is not created again: RDS lists new instances with a delay (see {@link PendingCreates}).
 *
 * @param drifts every drifted instance setting with both values (field {@code instances.<id>.<setting>}),
 *     including those left out of {@code toModify}, so {@link ChangeAttempts} can bound them like cluster changes
 */
public record InstancePlan(List<DesiredInstance> toCreate, Map<String, InstanceChanges> toModify,
    List<String> toDelete, List<FieldDrift> drifts) {

  public static InstancePlan between(
      List<DesiredInstance> desired, List<AuroraInstance> observed, List<ClusterMember> members) {
    return between(desired, observed, members, Set.of());
  }

  /** @param createAwaited instances created a moment ago that RDS may not list yet (canonical identifiers) */
  public static InstancePlan between(List<DesiredInstance> desired, List<AuroraInstance> observed,
      List<ClusterMember> members, Set<String> createAwaited) {
    return between(desired, observed, members, createAwaited, Set.of());
  }

  /** @param leaveOut drifted fields not to send (still listed in {@link #drifts()}) */
  public static InstancePlan between(List<DesiredInstance> desired, List<AuroraInstance> observed,
      List<ClusterMember> members, Set<String> createAwaited, Set<String> leaveOut) {
    // Keyed as RDS compares identifiers, so "Orders-1" asked for is the "orders-1" RDS answers with.
    Map<String, AuroraInstance> byId = observed.stream()
        .collect(Collectors.toMap(i -> RdsIdentifier.canonical(i.identifier()), i -> i, (a, b) -> a,
            LinkedHashMap::new));
    Set<String> wanted = desired.stream().map(d -> RdsIdentifier.canonical(d.identifier())).collect(Collectors.toSet());
    Set<String> writers = members == null ? Set.of() : members.stream()
        .filter(ClusterMember::writer).map(m -> RdsIdentifier.canonical(m.instanceId())).collect(Collectors.toSet());

    List<DesiredInstance> create = new ArrayList<>();
    Map<String, InstanceChanges> modify = new LinkedHashMap<>();
    List<FieldDrift> drifts = new ArrayList<>();
    for (DesiredInstance d : desired) {
      AuroraInstance current = byId.get(RdsIdentifier.canonical(d.identifier()));
      if (current == null) {
        if (!createAwaited.contains(RdsIdentifier.canonical(d.identifier()))) {
          create.add(d);
        }
      } else if (!"deleting".equals(current.status())) {
        InstanceChanges changes = changesFor(d, current, leaveOut, drifts);
        // The drift is still reported, but RDS refuses ModifyDBInstance while the instance is in a
        // transition (InvalidDBInstanceState): the change is sent once it is available again.
        if (!changes.isEmpty() && current.isAvailable()) {
          modify.put(d.identifier(), changes);
        }
      }
    }

    List<String> extras = byId.entrySet().stream()
        .filter(e -> !wanted.contains(e.getKey()) && !"deleting".equals(e.getValue().status()))
        .map(Map.Entry::getKey)
        .toList();
    boolean wantedAvailable = byId.entrySet().stream()
        .anyMatch(e -> wanted.contains(e.getKey()) && e.getValue().isAvailable());
    List<String> delete = new ArrayList<>(extras.stream().filter(id -> !writers.contains(id)).toList());
    if (delete.isEmpty() && wantedAvailable) {
      delete.addAll(extras.stream().filter(writers::contains).toList());
    }
    return new InstancePlan(List.copyOf(create), Map.copyOf(modify), List.copyOf(delete), List.copyOf(drifts));
  }

  private static InstanceChanges changesFor(
      DesiredInstance d, AuroraInstance current, Set<String> leaveOut, List<FieldDrift> drifts) {
    String prefix = fieldPrefix(d.identifier());
    Integer tier = send(prefix + "promotionTier",
        d.promotionTier() != null && !d.promotionTier().equals(current.promotionTier()),
        d.promotionTier(), current.promotionTier(), leaveOut, drifts);
    Boolean pi = send(prefix + "performanceInsightsEnabled",
        d.performanceInsightsEnabled() != current.performanceInsightsEnabled(),
        d.performanceInsightsEnabled(), current.performanceInsightsEnabled(), leaveOut, drifts);
    Integer retention = send(prefix + "performanceInsightsRetentionDays", d.performanceInsightsEnabled()
            && !Objects.equals(d.performanceInsightsRetentionDays(), current.performanceInsightsRetentionDays()),
        d.performanceInsightsRetentionDays(), current.performanceInsightsRetentionDays(), leaveOut, drifts);
    return new InstanceChanges(tier, pi, retention, null);
  }

  /** Records a drifted field and answers the value to send: null when equal or left out. */
  private static <T> T send(String field, boolean differs, T desired, Object observed, Set<String> leaveOut,
      List<FieldDrift> drifts) {
    if (!differs) {
      return null;
    }
    drifts.add(new FieldDrift(field, FieldDrift.text(desired), FieldDrift.text(observed)));
    return leaveOut.contains(field) ? null : desired;
  }

  /** "instances.orders-db-1." : the prefix of an instance's fields in drifts and change attempts. */
  static String fieldPrefix(String instanceId) {
    return "instances." + instanceId + ".";
  }

  public boolean isEmpty() {
    return toCreate.isEmpty() && toModify.isEmpty() && toDelete.isEmpty();
  }
}
