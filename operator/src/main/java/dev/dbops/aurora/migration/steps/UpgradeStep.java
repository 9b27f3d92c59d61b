package dev.dbops.aurora.migration.steps;

import dev.dbops.aurora.upgrade.ParameterGroupFamily;
import dev.dbops.aurora.aws.AuroraCluster;
import dev.dbops.aurora.aws.AwsErrorKind;
import dev.dbops.aurora.aws.AwsException;
import dev.dbops.aurora.aws.ClusterChanges;
import dev.dbops.aurora.migration.MigrationContext;
import dev.dbops.aurora.migration.MigrationStep;
import dev.dbops.aurora.migration.StepResult;
import dev.dbops.aurora.migration.UpgradePlanner;
import dev.dbops.aurora.upgrade.UpgradePath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
          "target is " + target.status() + " at " + target.engineVersion(), ctx.timings().awsPoll());
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
    try {
      ctx.clusters().modifyCluster(target.identifier(), changesFor(ctx, target.engineVersion(), next, next.equals(finalVersion)));
    } catch (AwsException e) {
      if (e.kind() != AwsErrorKind.INVALID_STATE) {
        throw e;
      }
      // The previous reconcile's modify may already be under way; the cluster will say so.
    }
    ctx.clusters().refresh(target.identifier());
    return StepResult.waiting(
        "upgrading " + target.engineVersion() + " → " + next + " (hop " + hopText + ")",
        ctx.timings().awsPoll(),
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
    for (int i = 0; i < path.size(); i++) {
      String version = path.get(i);
      ClusterChanges changes = changesFor(ctx, from, version, i == path.size() - 1);
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
   * A major hop moves to a parameter group of the new family: the spec's on the final hop, the family
   * default otherwise. A minor hop keeps the groups; RDS refuses an instance group without a major upgrade.
   */
  private static ClusterChanges changesFor(MigrationContext ctx, String from, String version, boolean last) {
    if (from != null && !UpgradePath.isMajorUpgrade(from, version)) {
      return new ClusterChanges(null, null, null, null, null, null, null, null, version, false, null, null, null);
    }
    String defaults = ParameterGroupFamily.of(version).defaultGroupName();
    String clusterGroup = last && ctx.spec().getTarget().getClusterParameterGroupName() != null
        ? ctx.spec().getTarget().getClusterParameterGroupName()
        : defaults;
    String instanceGroup = last && ctx.spec().getTarget().getInstanceParameterGroupName() != null
        ? ctx.spec().getTarget().getInstanceParameterGroupName()
        : defaults;
    return new ClusterChanges(
        null, null, null, null, null, clusterGroup, null, null, version, true, instanceGroup, null, null);
  }
}
