package dev.dbops.aurora.migration.steps;

import dev.dbops.aurora.aws.AuroraCluster;
import dev.dbops.aurora.aws.ClusterMember;
import dev.dbops.aurora.aws.MonitoringApi;
import dev.dbops.aurora.migration.MigrationContext;
import dev.dbops.aurora.migration.MigrationNames;
import dev.dbops.aurora.migration.MigrationStep;
import dev.dbops.aurora.migration.StepResult;
import dev.dbops.aurora.model.MonitoringSpec;
import dev.dbops.aurora.model.MonitoringStatus;
import dev.dbops.aurora.monitoring.CloudWatchMonitoring;
import dev.dbops.aurora.monitoring.MigrationCost;
import dev.dbops.aurora.monitoring.MonitoredCluster;
import dev.dbops.aurora.monitoring.MonitoringNames;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Before apps move, gives the verified target the alarms and dashboard spec.monitoring asks for, and
 * records the source's cost figure while it still carries the production load. Does nothing when
 * spec.monitoring is not set. The target is not put on a namespace's fleet dashboard: that lists
 * DatabaseClusters, and one that adopts the target after the migration brings it there.
 */
public final class MonitoringStep implements MigrationStep {
  public static final String NAME = "Monitoring";

  private final CloudWatchMonitoring monitoring = new CloudWatchMonitoring();

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean changesSource() {
    return false;
  }

  @Override
  public StepResult run(MigrationContext ctx) {
    MonitoringSpec spec = ctx.spec().getMonitoring();
    if (spec == null) {
      return StepResult.done("spec.monitoring not set");
    }
    Optional<MonitoringApi> api = ctx.monitoring();
    if (api.isEmpty()) {
      return StepResult.done("no CloudWatch access configured; monitoring skipped");
    }
    Optional<AuroraCluster> target = ctx.targetCluster();
    if (target.isEmpty()) {
      return StepResult.failed("TargetNotFound", "target cluster " + ctx.names().targetCluster() + " not found");
    }
    ctx.sourceCluster().ifPresent(source -> ctx.status().setCost(
        MigrationCost.withSource(ctx.status().getCost(), api.get(), source.identifier(), spec.getCost(), ctx.now())));
    MonitoringStatus status = monitoring.apply(api.get(), monitored(ctx, target.get(), spec), ctx.status().getMonitoring(),
        null, ctx.now());
    ctx.status().setMonitoring(status);
    return StepResult.done(status.getAlarms().size() + " alarms"
        + (status.getDashboardName() == null ? "" : ", dashboard " + status.getDashboardName())
        + " for " + ctx.names().targetCluster());
  }

  static MonitoredCluster monitored(MigrationContext ctx, AuroraCluster target, MonitoringSpec spec) {
    List<ClusterMember> members = target.members() == null ? List.of() : target.members();
    String writer = members.stream().filter(ClusterMember::writer).map(ClusterMember::instanceId)
        .findFirst().orElse(null);
    List<String> readers = members.stream().filter(m -> !m.writer()).map(ClusterMember::instanceId).toList();
    Double max = target.scaling() == null ? null : target.scaling().max();
    return new MonitoredCluster(names(ctx), ctx.region(), target.identifier(), max, writer, readers, spec,
        Map.of(MigrationNames.OWNER_TAG, ctx.names().ownerTagValue()));
  }

  public static MonitoringNames names(MigrationContext ctx) {
    return MonitoringNames.forMigration(ctx.migration().getMetadata().getNamespace(),
        ctx.migration().getMetadata().getName());
  }

  @Override
  public List<String> plan(MigrationContext ctx) {
    if (ctx.spec().getMonitoring() == null) {
      return List.of();
    }
    MonitoringNames names = names(ctx);
    return List.of(
        "GetMetricData ServerlessDatabaseCapacity of " + ctx.names().sourceCluster() + " (cost before)",
        "PutMetricAlarm " + names.alarmPrefix() + "* for " + ctx.names().targetCluster(),
        "PutDashboard " + names.dashboard());
  }
}
