package dev.dbops.aurora.migration.bluegreen.steps;

import dev.dbops.aurora.aws.AuroraCluster;
import dev.dbops.aurora.aws.AuroraInstance;
import dev.dbops.aurora.aws.AwsErrorKind;
import dev.dbops.aurora.aws.AwsException;
import dev.dbops.aurora.aws.ClusterChanges;
import dev.dbops.aurora.migration.AwsPoll;
import dev.dbops.aurora.migration.MigrationContext;
import dev.dbops.aurora.migration.MigrationNames;
import dev.dbops.aurora.migration.MigrationStep;
import dev.dbops.aurora.migration.StepResult;
import dev.dbops.aurora.migration.steps.Tags;
import dev.dbops.aurora.model.migration.BlueGreenStatus;
import dev.dbops.aurora.upgrade.ParameterGroupFamily;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Blue/Green replicates logically, so blue needs rds.logical_replication = 1 in effect, a static parameter: set in
 * its DB cluster parameter group and rebooted into. The operator never changes a group it does not own: it makes its
 * own group (the source group's own parameters plus this one), attaches it to blue, and reboots blue's writer. The
 * reboot is downtime; its start and end go into status.blueGreen.
 */
public final class EnableLogicalReplicationStep implements MigrationStep {
  public static final String NAME = "EnableLogicalReplication";
  static final String PARAMETER = "rds.logical_replication";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public StepResult run(MigrationContext ctx) {
    BlueGreenStatus status = BlueGreenState.status(ctx);
    AuroraCluster blue = BlueGreenState.blue(ctx);
    String family = ParameterGroupFamily.of(blue.engineVersion()).name();
    String ours = ctx.names().logicalReplicationParameterGroup(family);
    if (status.getLogicalReplicationParameterGroup() == null) {
      Map<String, String> current = ownParameters(ctx, blue.parameterGroup());
      if ("1".equals(current.get(PARAMETER))) {
        return StepResult.skipped(PARAMETER + " is already 1 in " + blue.parameterGroup() + ": no change, no reboot");
      }
      if (ctx.clusters().clusterParameterGroupExists(ours)) {
        return StepResult.failed("ParameterGroupExists", "DB cluster parameter group " + ours + " exists and was not made"
            + " by this migration; it was not touched. Delete or rename it, or set " + PARAMETER + " = 1 on the source yourself");
      }
      // Recorded (persisted by this wait) before the group exists: from now on a group of this name is ours.
      status.setLogicalReplicationParameterGroup(ours);
      return StepResult.waiting("creating " + ours + " with " + PARAMETER + " = 1", ctx.timings().nextStep());
    }
    if (!ours.equals(blue.parameterGroup())) {
      Map<String, String> parameters = new LinkedHashMap<>(ownParameters(ctx, blue.parameterGroup()));
      parameters.put(PARAMETER, "1");
      ctx.clusters().putClusterParameterGroup(ours, family, parameters,
          Tags.of(ctx, Map.of(MigrationNames.OWNER_TAG, ctx.names().ownerTagValue())));
      if (blue.isAvailable()) {
        ctx.clusters().modifyCluster(blue.identifier(), parameterGroupOnly(ours));
        ctx.clusters().refresh(blue.identifier());
      }
      return StepResult.waiting("attaching " + ours + " to " + blue.identifier(), AwsPoll.next(ctx));
    }
    List<AuroraInstance> instances = ctx.clusters().findInstances(blue.identifier());
    if (instances.isEmpty()) {
      return StepResult.waiting("waiting for a writer of " + blue.identifier(), AwsPoll.next(ctx));
    }
    AuroraInstance writer = instances.get(0);
    if (status.getRebootedInstance() == null) {
      status.setRebootedInstance(writer.identifier());
      return StepResult.waiting("rebooting " + writer.identifier() + " to apply " + PARAMETER, ctx.timings().nextStep());
    }
    if (status.getRebootStartedAt() == null) {
      if (!blue.isAvailable() || !writer.isAvailable()) {
        return StepResult.waiting("waiting for " + blue.identifier() + " before its reboot", AwsPoll.next(ctx));
      }
      status.setRebootStartedAt(ctx.now().toString());
      try {
        ctx.clusters().rebootInstance(status.getRebootedInstance());
      } catch (AwsException e) {
        // A reboot requested by a run whose status was lost: it is under way.
        if (e.kind() != AwsErrorKind.INVALID_STATE) {
          throw e;
        }
      }
      ctx.clusters().refresh(blue.identifier());
      return StepResult.waiting("rebooting " + status.getRebootedInstance(), AwsPoll.next(ctx));
    }
    if (!instances.stream().allMatch(AuroraInstance::isAvailable)) {
      return StepResult.waiting("rebooting " + status.getRebootedInstance(), AwsPoll.next(ctx));
    }
    if (status.getRebootCompletedAt() == null) {
      status.setRebootCompletedAt(ctx.now().toString());
    }
    long seconds = Duration.between(Instant.parse(status.getRebootStartedAt()), Instant.parse(status.getRebootCompletedAt())).toSeconds();
    return StepResult.done(PARAMETER + " = 1 in " + ours + " on " + blue.identifier() + "; reboot of "
        + status.getRebootedInstance() + " took at most " + seconds + " s");
  }

  /** The parameters someone set on the group; a default.* group has none (and cannot be read by user source). */
  private static Map<String, String> ownParameters(MigrationContext ctx, String group) {
    if (group == null || group.startsWith("default.")) {
      return Map.of();
    }
    return ctx.clusters().userClusterParameters(group);
  }

  private static ClusterChanges parameterGroupOnly(String group) {
    return new ClusterChanges(null, null, null, null, null, group, null, null, null, false, null, null, null);
  }

  @Override
  public List<String> plan(MigrationContext ctx) {
    return List.of(
        "rds:DescribeDBClusterParameters of the source's group: skip the rest when " + PARAMETER + " is already 1",
        "rds:CreateDBClusterParameterGroup + ModifyDBClusterParameterGroup " + ctx.names().logicalReplicationParameterGroup("<source family>")
            + " (the source group's own parameters + " + PARAMETER + " = 1, tagged as this migration's)",
        "rds:ModifyDBCluster " + ctx.names().sourceCluster() + " DBClusterParameterGroupName=<that group>",
        "rds:RebootDBInstance <source writer> (PLANNED DOWNTIME: the writer restarts, typically under a minute)");
  }
}
