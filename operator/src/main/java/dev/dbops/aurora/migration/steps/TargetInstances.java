package dev.dbops.aurora.migration.steps;

import dev.dbops.aurora.aws.AuroraInstance;
import dev.dbops.aurora.aws.AwsErrorKind;
import dev.dbops.aurora.aws.AwsException;
import dev.dbops.aurora.aws.NewInstance;
import dev.dbops.aurora.migration.MigrationContext;
import dev.dbops.aurora.migration.ServerlessV2Support;
import dev.dbops.aurora.migration.MigrationNames;
import dev.dbops.aurora.model.InstanceSpec;
import dev.dbops.aurora.model.InstancesSpec;
import dev.dbops.aurora.upgrade.ParameterGroupFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The target's instances: the db.serverless ones the spec asks for, and the temporary upgrade writer. */
final class TargetInstances {
  static final String SERVERLESS = "db.serverless";

  private TargetInstances() {}

  record Wanted(String identifier, Integer promotionTier) {}

  /** db.serverless instances from spec.target.instances (count or named list, default one writer). */
  static List<Wanted> serverless(MigrationContext ctx) {
    InstancesSpec spec = ctx.spec().getTarget().getInstances();
    List<Wanted> wanted = new ArrayList<>();
    if (spec != null && spec.getNamed() != null && !spec.getNamed().isEmpty()) {
      for (InstanceSpec named : spec.getNamed()) {
        wanted.add(new Wanted(named.getIdentifier(), tier(named.getPromotionTier(), spec)));
      }
      return wanted;
    }
    int count = spec == null || spec.getCount() == null ? 1 : spec.getCount();
    for (int i = 0; i < count; i++) {
      wanted.add(new Wanted(ctx.names().targetInstance(i), tier(null, spec)));
    }
    return wanted;
  }

  /** status.source.kind of an Aurora Serverless v1 source, as Preflight records it. */
  static final String SERVERLESS_V1_SOURCE = "ServerlessV1";

  /**
   * Whether the restored cluster takes db.serverless instances from its first one. Not when its version has
   * no Serverless v2, and not when it was restored from an Aurora Serverless v1 snapshot: for a cluster
   * converted from Serverless v1 or a lower version, "the first DB instance that you add ... must be a
   * provisioned DB instance", whose creation completes the conversion (Aurora User Guide, "Migrating to
   * Aurora Serverless v2"); AWS's own procedure restores such a snapshot as provisioned, upgrades it, and only
   * then moves the writer to db.serverless. Both get the temporary provisioned writer instead.
   */
  static boolean serverlessFromTheStart(MigrationContext ctx, String restoredVersion) {
    var source = ctx.status().getSource();
    boolean fromServerlessV1 = source != null && SERVERLESS_V1_SOURCE.equals(source.getKind());
    return ServerlessV2Support.supports(restoredVersion) && !fromServerlessV1;
  }

  /** Provisioned writer that carries a version without Serverless v2 through the upgrade. */
  static String upgradeWriter(MigrationContext ctx) {
    return ctx.names().targetUpgradeWriter();
  }

  static Set<String> existing(MigrationContext ctx) {
    return ctx.clusters().findInstances(ctx.names().targetCluster()).stream()
        .map(AuroraInstance::identifier)
        .collect(Collectors.toSet());
  }

  /**
   * The DB parameter group for an instance created while the cluster runs {@code clusterVersion}: the spec's
   * once that is the final target version's family (RDS refuses a group of another family), else none (the
   * family default; the last upgrade moves the instances that exist then to the spec's group).
   */
  static String instanceParameterGroup(MigrationContext ctx, String clusterVersion) {
    String group = ctx.spec().getTarget().getInstanceParameterGroupName();
    String finalVersion = ctx.status().getTargetEngineVersion();
    if (group == null || finalVersion == null || clusterVersion == null) {
      return null;
    }
    return ParameterGroupFamily.of(clusterVersion).equals(ParameterGroupFamily.of(finalVersion)) ? group : null;
  }

  /** Creates the instance unless it exists; an instance that appeared meanwhile counts as created. */
  static void create(MigrationContext ctx, String identifier, String instanceClass, Integer promotionTier) {
    create(ctx, identifier, instanceClass, promotionTier, null);
  }

  /** As {@link #create(MigrationContext, String, String, Integer)}, with this DB parameter group (null: the default). */
  static void create(
      MigrationContext ctx, String identifier, String instanceClass, Integer promotionTier, String parameterGroup) {
    InstancesSpec spec = ctx.spec().getTarget().getInstances();
    var insights = spec == null ? null : spec.getPerformanceInsights();
    try {
      ctx.clusters()
          .createInstance(
              new NewInstance(
                  identifier,
                  ctx.names().targetCluster(),
                  "aurora-postgresql",
                  instanceClass,
                  promotionTier,
                  insights != null && insights.isEnabled(),
                  insights == null ? null : insights.getRetentionDays(),
                  insights == null ? null : insights.getKmsKeyId(),
                  parameterGroup,
                  spec != null && Boolean.TRUE.equals(spec.getPubliclyAccessible()),
                  Tags.of(ctx, Map.of(MigrationNames.OWNER_TAG, ctx.names().ownerTagValue()))));
    } catch (AwsException e) {
      if (e.kind() != AwsErrorKind.ALREADY_EXISTS) {
        throw e;
      }
    }
  }

  static boolean allAvailable(MigrationContext ctx, Set<String> identifiers) {
    List<AuroraInstance> instances = ctx.clusters().findInstances(ctx.names().targetCluster());
    return identifiers.stream()
        .allMatch(id -> instances.stream().anyMatch(i -> i.identifier().equals(id) && i.isAvailable()));
  }

  private static Integer tier(Integer own, InstancesSpec spec) {
    return own != null ? own : spec == null ? null : spec.getPromotionTier();
  }
}
