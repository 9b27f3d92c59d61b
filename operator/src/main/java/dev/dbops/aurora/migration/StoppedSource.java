package dev.dbops.aurora.migration;

import dev.dbops.aurora.aws.AuroraCluster;
import dev.dbops.aurora.aws.AwsException;
import dev.dbops.aurora.model.migration.MigrationPhase;
import dev.dbops.aurora.model.migration.RetirementAction;
import dev.dbops.aurora.model.migration.SourceRetirementStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a completed migration whose spec says sourceRetirement.action: Stop, keeps the source stopped.
 * AWS starts a stopped Aurora cluster again after seven days (Aurora User Guide, "Stopping and starting an
 * Aurora DB cluster"), so RetireSource's "stopped" does not last: this looks every hour on the finished
 * resource and stops the source again when it finds it running. It acts only on the cluster the spec names,
 * only while the spec says Stop, and only after RetireSource stopped it (status.sourceRetirement.stoppedAt);
 * to start the source for good, set the action to Keep first.
 */
final class StoppedSource {
  private static final Logger LOG = LoggerFactory.getLogger(StoppedSource.class);
  static final Duration CHECK_INTERVAL = Duration.ofHours(1);

  private StoppedSource() {}

  /** When to look again; empty when there is nothing to keep stopped. */
  static Optional<Duration> keepStopped(MigrationContext ctx) {
    SourceRetirementStatus retirement = ctx.status().getSourceRetirement();
    if (ctx.status().getPhase() != MigrationPhase.Completed || ctx.spec().getSourceRetirement() == null
        || ctx.spec().getSourceRetirement().getAction() != RetirementAction.Stop
        || retirement == null || retirement.getStoppedAt() == null) {
      return Optional.empty();
    }
    try {
      Optional<AuroraCluster> source = ctx.sourceCluster();
      if (source.isEmpty()) {
        return Optional.empty();
      }
      AuroraCluster cluster = source.get();
      switch (cluster.status()) {
        case "stopped" -> {
          if (retirement.getLastRestartSeenAt() != null
              && Instant.parse(retirement.getStoppedAt()).isBefore(Instant.parse(retirement.getLastRestartSeenAt()))) {
            retirement.setStoppedAt(ctx.now().toString());
          }
          return Optional.of(CHECK_INTERVAL);
        }
        case "available" -> {
          ctx.clusters().stopCluster(cluster.identifier());
          ctx.clusters().refresh(cluster.identifier());
          retirement.setRestartsSeen(retirement.getRestartsSeen() == null ? 1 : retirement.getRestartsSeen() + 1);
          retirement.setLastRestartSeenAt(ctx.now().toString());
          return Optional.of(ctx.timings().awsPoll());
        }
        default -> {
          // starting, stopping, or AWS's maintenance after its start: RDS stops only an available cluster.
          return Optional.of(ctx.timings().awsPoll());
        }
      }
    } catch (AwsException e) {
      // A finished migration stays finished; the next look tries again.
      LOG.warn("migration {}/{}: source {} not stopped again yet: {}", ctx.migration().getMetadata().getNamespace(),
          ctx.migration().getMetadata().getName(), ctx.names().sourceCluster(), e.getMessage());
      return Optional.of(ctx.timings().retryBackoff());
    }
  }
}
