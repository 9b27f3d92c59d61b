package dev.dbops.aurora.migration.steps;

import dev.dbops.aurora.aws.AuroraInstance;
import dev.dbops.aurora.aws.AwsErrorKind;
import dev.dbops.aurora.aws.AwsException;
import dev.dbops.aurora.aws.NewInstance;
import dev.dbops.aurora.migration.MigrationContext;
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
   * The spec's instance group for an instance created while the cluster is already in the target's family
   * (no major hop left to send it: a minor-only path, or the Serverless v2 instances after the upgrade);
   * otherwise none, and the major hop moves every instance to the new family's group.
   */
  private static String instanceParameterGroup(MigrationContext ctx) {
    String group = ctx.spec().getTarget().getInstanceParameterGroupName();
    String version = ctx.status().getTarget() == null ? null : ctx.status().getTarget().getEngineVersion();
    if (group == null || version == null
        || !ParameterGroupFamily.of(version).name().equals(ctx.status().getTargetParameterGroupFamily())) {
      return null;
    }
    return group;
  }

  /** Creates the instance unless it exists; an instance that appeared meanwhile counts as created. */
  static void create(MigrationContext ctx, String identifier, String instanceClass, Integer promotionTier) {
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
                  instanceParameterGroup(ctx),
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
