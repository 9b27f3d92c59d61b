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
 */
public record InstancePlan(
    List<DesiredInstance> toCreate, Map<String, InstanceChanges> toModify, List<String> toDelete) {

  public static InstancePlan between(
      List<DesiredInstance> desired, List<AuroraInstance> observed, List<ClusterMember> members) {
    return between(desired, observed, members, Set.of());
  }

  /** @param createAwaited instances created a moment ago that RDS may not list yet (canonical identifiers) */
  public static InstancePlan between(List<DesiredInstance> desired, List<AuroraInstance> observed,
      List<ClusterMember> members, Set<String> createAwaited) {
    // Keyed as RDS compares identifiers, so "Orders-1" asked for is the "orders-1" RDS answers with.
    Map<String, AuroraInstance> byId = observed.stream()
        .collect(Collectors.toMap(i -> RdsIdentifier.canonical(i.identifier()), i -> i, (a, b) -> a,
            LinkedHashMap::new));
    Set<String> wanted = desired.stream().map(d -> RdsIdentifier.canonical(d.identifier())).collect(Collectors.toSet());
    Set<String> writers = members == null ? Set.of() : members.stream()
        .filter(ClusterMember::writer).map(m -> RdsIdentifier.canonical(m.instanceId())).collect(Collectors.toSet());

    List<DesiredInstance> create = new ArrayList<>();
    Map<String, InstanceChanges> modify = new LinkedHashMap<>();
    for (DesiredInstance d : desired) {
      AuroraInstance current = byId.get(RdsIdentifier.canonical(d.identifier()));
      if (current == null) {
        if (!createAwaited.contains(RdsIdentifier.canonical(d.identifier()))) {
          create.add(d);
        }
      } else if (!"deleting".equals(current.status())) {
        InstanceChanges changes = changesFor(d, current);
        if (!changes.isEmpty()) {
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
    return new InstancePlan(List.copyOf(create), Map.copyOf(modify), List.copyOf(delete));
  }

  private static InstanceChanges changesFor(DesiredInstance d, AuroraInstance current) {
    Integer tier = d.promotionTier() != null && !d.promotionTier().equals(current.promotionTier())
        ? d.promotionTier() : null;
    Boolean pi = d.performanceInsightsEnabled() != current.performanceInsightsEnabled()
        ? d.performanceInsightsEnabled() : null;
    Integer retention = d.performanceInsightsEnabled()
        && !Objects.equals(d.performanceInsightsRetentionDays(), current.performanceInsightsRetentionDays())
        ? d.performanceInsightsRetentionDays() : null;
    return new InstanceChanges(tier, pi, retention, null);
  }

  public boolean isEmpty() {
    return toCreate.isEmpty() && toModify.isEmpty() && toDelete.isEmpty();
  }
}
