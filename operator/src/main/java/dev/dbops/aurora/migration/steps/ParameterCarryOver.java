package dev.dbops.aurora.migration.steps;

import dev.dbops.aurora.aws.AwsErrorKind;
import dev.dbops.aurora.aws.AwsException;
import dev.dbops.aurora.aws.ClusterApi;
import dev.dbops.aurora.migration.MigrationContext;
import dev.dbops.aurora.migration.MigrationNames;
import dev.dbops.aurora.migration.StepResult;
import dev.dbops.aurora.model.migration.CarriedParameterGroup;
import dev.dbops.aurora.model.migration.DroppedParameter;
import dev.dbops.aurora.model.migration.ParameterGroupsStatus;
import dev.dbops.aurora.upgrade.EngineVersion;
import dev.dbops.aurora.upgrade.ParameterGroupFamily;
import dev.dbops.aurora.upgrade.RemovedClusterParameters;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Decides how the source's own DB cluster parameter group reaches the target. The restore keeps the
 * snapshot's version, so the source's group fits it as it is. A major hop needs a group of the new family:
 * RDS cannot move a group across families, so the operator makes its own copy of the parameters the
 * source changed, without those the new family no longer has (each one reported, never silently lost).
 */
public final class ParameterCarryOver {

  private ParameterCarryOver() {}

  /**
   * @param hops the upgrade path, ending at the target version
   */
  static ParameterGroupsStatus plan(
      ClusterApi clusters, MigrationNames names, String sourceGroup, String sourceVersion, List<String> hops) {
    ParameterGroupsStatus plan = new ParameterGroupsStatus();
    plan.setSourceGroup(sourceGroup);
    ParameterGroupFamily family = ParameterGroupFamily.of(sourceVersion);
    plan.setSourceFamily(family.name());
    // Sorted, so the group's contents and the status read the same on every run.
    Map<String, String> parameters = new TreeMap<>(clusters.userClusterParameters(sourceGroup));
    int major = EngineVersion.parse(sourceVersion).major();
    for (String hop : hops) {
      ParameterGroupFamily next = ParameterGroupFamily.of(hop);
      if (next.equals(family)) {
        continue;
      }
      int nextMajor = EngineVersion.parse(hop).major();
      Optional<Set<String>> known = parameterNames(clusters, next);
      Map<String, String> carried = new TreeMap<>();
      for (Map.Entry<String, String> p : parameters.entrySet()) {
        Optional<String> gone = missing(p.getKey(), major, nextMajor, known, next);
        if (gone.isPresent()) {
          plan.getDropped().add(dropped(p.getKey(), p.getValue(), next, gone.get()));
        } else {
          carried.put(p.getKey(), p.getValue());
        }
      }
      CarriedParameterGroup group = new CarriedParameterGroup();
      group.setFamily(next.name());
      group.setGroup(names.carriedParameterGroup(next.name()));
      group.setParameters(carried);
      plan.getCarried().add(group);
      parameters = carried;
      family = next;
      major = nextMajor;
    }
    return plan;
  }

  /** The operator-owned group planned for this family, if any. */
  public static Optional<CarriedParameterGroup> groupFor(ParameterGroupsStatus plan, ParameterGroupFamily family) {
    if (plan == null || plan.getCarried() == null) {
      return Optional.empty();
    }
    return plan.getCarried().stream().filter(g -> family.name().equals(g.getFamily())).findFirst();
  }

  /** The family's parameter names from AWS; empty where the endpoint lacks the call (the built-in table decides then). */
  private static Optional<Set<String>> parameterNames(ClusterApi clusters, ParameterGroupFamily family) {
    try {
      return Optional.of(clusters.clusterParameterNames(family.name()).stream()
          .map(n -> n.toLowerCase(Locale.ROOT))
          .collect(Collectors.toSet()));
    } catch (AwsException e) {
      if (e.kind() != AwsErrorKind.UNSUPPORTED) {
        throw e;
      }
      return Optional.empty();
    }
  }

  private static Optional<String> missing(
      String parameter, int fromMajor, int toMajor, Optional<Set<String>> known, ParameterGroupFamily family) {
    Optional<String> removed = RemovedClusterParameters.removedBetween(parameter, fromMajor, toMajor);
    if (known.isEmpty()) {
      return removed;
    }
    if (known.get().contains(parameter.toLowerCase(Locale.ROOT))) {
      return Optional.empty();
    }
    // PostgreSQL names parameters case-insensitively; AWS lists them in lower case.
    return Optional.of(removed.orElse(family + " has no such parameter (DescribeEngineDefaultClusterParameters)"));
  }

  private static DroppedParameter dropped(String name, String value, ParameterGroupFamily family, String reason) {
    DroppedParameter d = new DroppedParameter();
    d.setName(name);
    d.setValue(value);
    d.setFamily(family.name());
    d.setReason(reason);
    return d;
  }

  /**
   * Makes the operator-owned group before the hop that needs it; a group found with the planned parameters
   * is one an earlier run made, so a restart neither creates nor modifies it again. A group of that name in
   * another family is not ours to change.
   */
  public static Optional<StepResult> ensure(MigrationContext ctx, CarriedParameterGroup group) {
    Optional<String> family = ctx.clusters().clusterParameterGroupFamily(group.getGroup());
    if (family.isPresent() && !family.get().equals(group.getFamily())) {
      return Optional.of(StepResult.failed("ParameterGroupUnusable",
          "DB cluster parameter group " + group.getGroup() + " exists in family " + family.get() + ", not "
              + group.getFamily() + "; it was not made by this migration and was not touched"));
    }
    if (family.isPresent()
        && ctx.clusters().userClusterParameters(group.getGroup()).entrySet().containsAll(group.getParameters().entrySet())) {
      return Optional.empty();
    }
    ctx.clusters().putClusterParameterGroup(group.getGroup(), group.getFamily(), group.getParameters(),
        Tags.of(ctx, Map.of(MigrationNames.OWNER_TAG, ctx.names().ownerTagValue())));
    return Optional.empty();
  }
}
