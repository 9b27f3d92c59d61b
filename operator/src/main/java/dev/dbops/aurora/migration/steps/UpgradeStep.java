package dev.dbops.aurora.migration.steps;

import dev.dbops.aurora.upgrade.ParameterGroupFamily;
import dev.dbops.aurora.aws.AuroraCluster;
import dev.dbops.aurora.aws.AwsErrorKind;
import dev.dbops.aurora.aws.AwsException;
import dev.dbops.aurora.aws.ClusterChanges;
import dev.dbops.aurora.migration.AwsPoll;
import dev.dbops.aurora.migration.MigrationContext;
import dev.dbops.aurora.migration.MigrationNames;
import dev.dbops.aurora.migration.MigrationStep;
import dev.dbops.aurora.migration.StepResult;
import dev.dbops.aurora.migration.UpgradePlanner;
import dev.dbops.aurora.model.migration.CarriedParameterGroup;
import dev.dbops.aurora.model.migration.TargetSpec;
import dev.dbops.aurora.upgrade.UpgradePath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Upgrades the target one hop at a time along status.upgradePath: ModifyDBCluster with the hop's engine
 * version, AllowMajorVersionUpgrade and the parameter groups of the hop's family, applied immediately.
 * Where the cluster already is tells which hop is next, so a restart never repeats a finished hop.
 */
public final class UpgradeStep implements MigrationStep {
  public static final String NAME = "Upgrade";

  private final UpgradePlanner upgradePlanner;

  /** Plans with DescribeDBEngineVersions, or the built-in table where the endpoint lacks it. */
  public UpgradeStep() {
    this(UpgradePlanner.fromEngineVersions());
  }

  /** @param upgradePlanner plans the rest of the way when the cluster is off the recorded path */
  public UpgradeStep(UpgradePlanner upgradePlanner) {
    this.upgradePlanner = upgradePlanner;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public StepResult run(MigrationContext ctx) {
    List<String> path = ctx.status().getUpgradePath();
    AuroraCluster target = ctx.targetCluster().orElseThrow(() -> new IllegalStateException("target cluster vanished"));
    RestoreTargetStep.record(ctx, target);
    String finalVersion = ctx.status().getTargetEngineVersion();
    if (target.engineVersion().equals(finalVersion) && target.isAvailable()) {
      return StepResult.done("target runs " + finalVersion, Map.of("engineVersion", finalVersion));
    }
    if (!target.isAvailable()) {
      return StepResult.waiting(
          "target is " + target.status() + " at " + target.engineVersion(), AwsPoll.next(ctx));
    }
    int position = path.indexOf(target.engineVersion());
    String next;
    String hopText;
    if (position >= 0 || target.engineVersion().equals(sourceVersion(ctx))) {
      next = path.get(position + 1);
      hopText = (position + 2) + "/" + path.size();
    } else {
      // The cluster is on a version the recorded path does not know (a minor version applied by AWS, or a
      // restore that did not keep the snapshot's): a hop taken by position could be one RDS refuses or a
      // downgrade, so the rest of the way is planned again from where the cluster is.
      List<String> rest;
      try {
        rest = upgradePlanner.hops(ctx.clusters(), target.engineVersion(), finalVersion);
      } catch (IllegalArgumentException e) {
        return StepResult.failed("NoUpgradePath", "target runs " + target.engineVersion()
            + ", which is not on the recorded path " + path + ": " + e.getMessage());
      }
      next = rest.get(0);
      hopText = "1/" + rest.size() + " from " + target.engineVersion();
    }
    Optional<CarriedParameterGroup> carried = UpgradePath.isMajorUpgrade(target.engineVersion(), next)
        ? ParameterCarryOver.groupFor(ctx.status().getParameterGroups(), ParameterGroupFamily.of(next))
        : Optional.empty();
    if (carried.isPresent() && !specNamesGroupFor(ctx, ParameterGroupFamily.of(next))) {
      Optional<StepResult> unusable = ParameterCarryOver.ensure(ctx, carried.get());
      if (unusable.isPresent()) {
        return unusable.get();
      }
    }
    try {
      ctx.clusters().modifyCluster(target.identifier(), changesFor(ctx, target.engineVersion(), next));
    } catch (AwsException e) {
      if (e.kind() != AwsErrorKind.INVALID_STATE) {
        throw e;
      }
      // The previous reconcile's modify may already be under way; the cluster will say so.
    }
    ctx.clusters().refresh(target.identifier());
    return StepResult.waiting(
        "upgrading " + target.engineVersion() + " → " + next + " (hop " + hopText + ")",
        AwsPoll.next(ctx),
        Map.of("hop", hopText));
  }

  private static String sourceVersion(MigrationContext ctx) {
    return ctx.status().getSource() == null ? null : ctx.status().getSource().getEngineVersion();
  }

  @Override
  public List<String> plan(MigrationContext ctx) {
    List<String> lines = new ArrayList<>();
    List<String> path = ctx.status().getUpgradePath();
    String from = ctx.status().getSource() == null ? null : ctx.status().getSource().getEngineVersion();
    for (String version : path) {
      ClusterChanges changes = changesFor(ctx, from, version);
      if (changes.allowMajorVersionUpgrade() && !specNamesGroupFor(ctx, ParameterGroupFamily.of(version))) {
        ParameterCarryOver.groupFor(ctx.status().getParameterGroups(), ParameterGroupFamily.of(version)).ifPresent(g ->
            lines.add("rds:CreateDBClusterParameterGroup " + g.getGroup() + " (family " + g.getFamily()
                + ", owner tag) unless it exists, ModifyDBClusterParameterGroup with " + g.getParameters().size()
                + " parameter(s) of " + ctx.status().getParameterGroups().getSourceGroup()));
      }
      lines.add(
          "rds:ModifyDBCluster " + ctx.names().targetCluster() + " EngineVersion=" + version
              + (changes.allowMajorVersionUpgrade()
                  ? " AllowMajorVersionUpgrade=true DBClusterParameterGroupName=" + changes.parameterGroup()
                      + " DBInstanceParameterGroupName=" + changes.instanceParameterGroup()
                  : "")
              + " ApplyImmediately=true");
      lines.add("rds:DescribeDBClusters until available at " + version);
      from = version;
    }
    return lines;
  }

  /**
   * A major hop moves to parameter groups of the new family: into the target's family the spec's, if it
   * names them; else the operator-owned copy of the source's group planned for that family; else the family
   * default. A minor hop keeps the groups, which are already of its family; RDS refuses an instance group
   * without a major upgrade. Chosen by family, not by position, so a path ending in a minor hop (…, 15.4,
   * 15.10) still gets the spec's groups, on the hop into 15.
   */
  private static ClusterChanges changesFor(MigrationContext ctx, String from, String version) {
    if (from != null && !UpgradePath.isMajorUpgrade(from, version)) {
      return new ClusterChanges(null, null, null, null, null, null, null, null, version, false, null, null, null);
    }
    ParameterGroupFamily family = ParameterGroupFamily.of(version);
    boolean intoTargetFamily = family.name().equals(targetFamily(ctx));
    TargetSpec spec = ctx.spec().getTarget();
    String clusterGroup = specNamesGroupFor(ctx, family)
        ? spec.getClusterParameterGroupName()
        : ParameterCarryOver.groupFor(ctx.status().getParameterGroups(), family)
            .map(CarriedParameterGroup::getGroup)
            .orElse(family.defaultGroupName());
    String instanceGroup = intoTargetFamily && spec.getInstanceParameterGroupName() != null
        ? spec.getInstanceParameterGroupName()
        : family.defaultGroupName();
    return new ClusterChanges(
        null, null, null, null, null, clusterGroup, null, null, version, true, instanceGroup, null, null);
  }

  /** The spec's explicit cluster group wins, in the family it belongs to (the target's, checked by preflight). */
  private static boolean specNamesGroupFor(MigrationContext ctx, ParameterGroupFamily family) {
    return ctx.spec().getTarget().getClusterParameterGroupName() != null && family.name().equals(targetFamily(ctx));
  }

  private static String targetFamily(MigrationContext ctx) {
    return ctx.status().getTargetParameterGroupFamily() != null
        ? ctx.status().getTargetParameterGroupFamily()
        : ParameterGroupFamily.of(ctx.status().getTargetEngineVersion()).name();
  }
}
