package dev.dbops.aurora.migration.steps;

import dev.dbops.aurora.aws.AuroraCluster;
import dev.dbops.aurora.aws.AwsErrorKind;
import dev.dbops.aurora.aws.AwsException;
import dev.dbops.aurora.aws.ClusterRestore;
import dev.dbops.aurora.migration.AwsPoll;
import dev.dbops.aurora.migration.MigrationContext;
import dev.dbops.aurora.migration.MigrationNames;
import dev.dbops.aurora.migration.MigrationStep;
import dev.dbops.aurora.migration.ServerlessV2Support;
import dev.dbops.aurora.migration.StepResult;
import dev.dbops.aurora.model.NetworkSpec;
import dev.dbops.aurora.upgrade.ParameterGroupFamily;
import dev.dbops.aurora.model.migration.ParameterGroupsStatus;
import dev.dbops.aurora.model.migration.TargetSpec;
import dev.dbops.aurora.model.migration.TargetStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Restores the snapshot as a new cluster in engine mode provisioned with Serverless v2 scaling. The
 * restore keeps the snapshot's engine version; the upgrade comes later. Network settings default to the
 * source's so apps in the same VPC reach the target.
 */
public final class RestoreTargetStep implements MigrationStep {
  public static final String NAME = "RestoreTarget";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public StepResult run(MigrationContext ctx) {
    Optional<AuroraCluster> found = ctx.targetCluster();
    if (found.isPresent() && !ownedByThisMigration(ctx, found.get())) {
      if (!restoreRecorded(ctx)) {
        // Our restore never made a target: what it asked for (deletionProtectionSetByRestore) describes nothing.
        ctx.status().setTarget(null);
      }
      return StepResult.failed(
          "TargetExists",
          "cluster " + found.get().identifier() + " exists and was not created by this migration; it was not touched");
    }
    if (found.isEmpty() && restoreRecorded(ctx)) {
      // RDS lists a new cluster some time after the restore was accepted; restoring again would be refused.
      ctx.clusters().refresh(ctx.names().targetCluster());
      return StepResult.waiting(
          "target cluster " + ctx.names().targetCluster() + " was restored and is not listed yet", AwsPoll.next(ctx));
    }
    if (found.isEmpty()) {
      // Recorded before the request, so an answer lost in a timeout or crash still leaves it: a rollback lifts
      // deletion protection only where this migration's own restore asked for it.
      TargetStatus status = ctx.status().getTarget() == null ? new TargetStatus() : ctx.status().getTarget();
      status.setDeletionProtectionSetByRestore(ctx.spec().getTarget().isDeletionProtection());
      ctx.status().setTarget(status);
      try {
        found = Optional.of(restore(ctx));
      } catch (AwsException e) {
        if (e.kind() != AwsErrorKind.ALREADY_EXISTS) {
          throw e;
        }
        // Our own name, taken: an earlier restore whose answer or status write was lost, or someone else's
        // cluster. The next run reads it again and adopts it only if it carries this migration's owner tag.
        ctx.clusters().refresh(ctx.names().targetCluster());
        return StepResult.waiting(
            "target cluster " + ctx.names().targetCluster() + " exists and is not listed yet", AwsPoll.next(ctx));
      }
    }
    AuroraCluster target = found.get();
    record(ctx, target);
    Map<String, String> resources = target.arn() == null ? Map.of() : Map.of("targetClusterArn", target.arn());
    if (!target.isAvailable()) {
      return StepResult.waiting(
          "target cluster " + target.identifier() + " is " + target.status(), AwsPoll.next(ctx), resources);
    }
    return StepResult.done("target cluster " + target.identifier() + " restored at " + target.engineVersion(), resources);
  }

  @Override
  public List<String> plan(MigrationContext ctx) {
    return List.of(
        "rds:RestoreDBClusterFromSnapshot " + ctx.names().sourceSnapshot() + " → " + ctx.names().targetCluster()
            + " (EngineMode provisioned, ServerlessV2ScalingConfiguration " + scalingText(ctx)
            + parameterGroup(ctx).map(g -> ", DBClusterParameterGroupName " + g).orElse("") + ")",
        "rds:DescribeDBClusters " + ctx.names().targetCluster() + " until available");
  }

  private static AuroraCluster restore(MigrationContext ctx) {
    TargetSpec spec = ctx.spec().getTarget();
    Optional<AuroraCluster> source = ctx.sourceCluster();
    String sourceVersion = ctx.status().getSource().getEngineVersion();
    NetworkSpec network = spec.getNetwork();
    AuroraCluster restored =
        ctx.clusters()
            .restoreFromSnapshot(
                new ClusterRestore(
                    ctx.names().targetCluster(),
                    ctx.names().sourceSnapshot(),
                    "aurora-postgresql",
                    null,
                    // A version without Serverless v2 gets its scaling after the upgrade (ServerlessInstancesStep);
                    // one with it gets the part of the range it takes, and the rest after the upgrade.
                    ServerlessV2Support.supports(sourceVersion)
                        ? ServerlessV2Support.within(sourceVersion, Capacities.of(spec.getScaling()))
                        : null,
                    network != null && network.getPort() != null
                        ? network.getPort()
                        : source.map(AuroraCluster::port).orElse(null),
                    network != null && network.getDbSubnetGroupName() != null
                        ? network.getDbSubnetGroupName()
                        : source.map(AuroraCluster::dbSubnetGroup).orElse(null),
                    network != null && network.getVpcSecurityGroupIds() != null
                        ? network.getVpcSecurityGroupIds()
                        : source.map(AuroraCluster::securityGroupIds).orElse(null),
                    spec.getEncryption() == null ? null : spec.getEncryption().getKmsKeyId(),
                    parameterGroup(ctx).orElse(null),
                    spec.isDeletionProtection(),
                    null,
                    Tags.of(ctx, Map.of(MigrationNames.OWNER_TAG, ctx.names().ownerTagValue()))));
    ctx.clusters().refresh(ctx.names().targetCluster());
    return restored;
  }

  /**
   * The restore runs at the snapshot's version, so it takes a group of the source's family: the spec's own
   * when no major hop follows (it is of the target's family, checked by preflight), else the source's group
   * when preflight planned to carry it over; otherwise none, and RDS gives the family's default.
   */
  static Optional<String> parameterGroup(MigrationContext ctx) {
    String sourceVersion = ctx.status().getSource() == null ? null : ctx.status().getSource().getEngineVersion();
    String specGroup = ctx.spec().getTarget().getClusterParameterGroupName();
    if (specGroup != null && sourceVersion != null
        && ParameterGroupFamily.of(sourceVersion).name().equals(ctx.status().getTargetParameterGroupFamily())) {
      return Optional.of(specGroup);
    }
    ParameterGroupsStatus carryOver = ctx.status().getParameterGroups();
    return carryOver == null ? Optional.empty() : Optional.ofNullable(carryOver.getSourceGroup());
  }

  /** Status names the target once its restore was accepted (or it was found carrying our owner tag). */
  private static boolean restoreRecorded(MigrationContext ctx) {
    TargetStatus status = ctx.status().getTarget();
    return status != null && ctx.names().targetCluster().equals(status.getIdentifier());
  }

  static boolean ownedByThisMigration(MigrationContext ctx, AuroraCluster cluster) {
    return ctx.names().ownerTagValue().equals(cluster.tags().get(MigrationNames.OWNER_TAG));
  }

  static void record(MigrationContext ctx, AuroraCluster target) {
    TargetStatus status = ctx.status().getTarget() == null ? new TargetStatus() : ctx.status().getTarget();
    status.setIdentifier(target.identifier());
    status.setArn(target.arn());
    status.setEndpoint(target.endpoint());
    status.setReaderEndpoint(target.readerEndpoint());
    status.setEngineVersion(target.engineVersion());
    ctx.status().setTarget(status);
  }

  private static String scalingText(MigrationContext ctx) {
    var c = Capacities.of(ctx.spec().getTarget().getScaling());
    return c.min() + "–" + c.max() + " ACU";
  }
}
