package dev.dbops.aurora.migration;

import dev.dbops.aurora.aws.AwsException;
import dev.dbops.aurora.migration.steps.CutoverStep;
import dev.dbops.aurora.model.migration.AuroraMigrationStatus;
import dev.dbops.aurora.model.migration.MigrationPhase;
import dev.dbops.aurora.model.migration.StepStatus;
import dev.dbops.aurora.monitoring.MigrationCost;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a completed migration, the target's cost since cutover next to the source's figure from before
 * (recorded by MonitoringStep), refreshed at most hourly on the resyncs of the finished resource.
 */
final class CostAfterCutover {
  private static final Logger LOG = LoggerFactory.getLogger(CostAfterCutover.class);

  private CostAfterCutover() {}

  static void refresh(MigrationContext ctx) {
    AuroraMigrationStatus status = ctx.status();
    if (status.getPhase() != MigrationPhase.Completed || ctx.spec().getMonitoring() == null
        || status.getCost() == null || status.getCost().getSource() == null || ctx.monitoring().isEmpty()) {
      return;
    }
    Instant cutover = status.getSteps().stream().filter(s -> CutoverStep.NAME.equals(s.getName()))
        .map(StepStatus::getFinishedAt).filter(Objects::nonNull).map(Instant::parse).findFirst().orElse(null);
    try {
      MigrationCost.withTarget(status.getCost(), ctx.monitoring().get(), ctx.names().targetCluster(),
          ctx.spec().getMonitoring().getCost(), cutover, ctx.now());
    } catch (AwsException e) {
      // A finished migration stays finished; the figure is retried on the next resync.
      LOG.warn("migration {}/{}: target cost not refreshed: {}", ctx.migration().getMetadata().getNamespace(),
          ctx.migration().getMetadata().getName(), e.getMessage());
    }
  }
}
