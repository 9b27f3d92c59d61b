package dev.dbops.aurora.migration.bluegreen;

import dev.dbops.aurora.aws.AuroraCluster;
import dev.dbops.aurora.migration.MigrationContext;
import dev.dbops.aurora.migration.StepResult;
import dev.dbops.aurora.model.migration.AuroraMigrationSpec;
import dev.dbops.aurora.model.migration.MigrationStrategy;
import dev.dbops.aurora.postgres.SchemaFinding;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Preflight's choice of strategy from spec.strategy and the source's Blue/Green readiness: Auto resolved once, an
 * explicit BlueGreen refused with each blocker's advice, and the tables a person opted into REPLICA IDENTITY FULL
 * taken off the blockers.
 */
public final class StrategyChoice {
  private StrategyChoice() {}

  /**
   * Decides the strategy once: spec.strategy, with Auto resolved by the Blue/Green readiness just assessed. BlueGreen
   * asked for explicitly and not possible fails here, with each blocker's advice, before anything changes.
   */
  public static Optional<StepResult> resolve(MigrationContext ctx, AuroraCluster source, BlueGreenReadiness readiness) {
    MigrationStrategy requested = ctx.spec().strategyOrDefault();
    if (requested == MigrationStrategy.BlueGreen && !readiness.ready()) {
      return Optional.of(StepResult.failed("BlueGreenBlockers", readiness.blockers().size()
          + " blocker(s) prevent a Blue/Green deployment of " + source.identifier() + ": "
          + String.join("; ", readiness.blockers().stream().limit(5).map(f -> f.object() + ": " + f.message() + " (" + f.advice() + ")").toList())
          + ". Fix them, or use strategy SnapshotRestore or Auto (status.preflight.blueGreen lists all)"));
    }
    MigrationStrategy resolved = requested == MigrationStrategy.Auto
        ? (readiness.ready() ? MigrationStrategy.BlueGreen : MigrationStrategy.SnapshotRestore)
        : requested;
    ctx.status().setRequestedStrategy(requested);
    ctx.status().setStrategy(resolved);
    if (resolved == MigrationStrategy.BlueGreen && ctx.status().blueGreen().getBlueClusterId() == null) {
      ctx.status().blueGreen().setBlueClusterId(source.identifier());
    }
    return Optional.empty();
  }

  /**
   * A table without a replica identity that spec.blueGreen.replicaIdentityFull lists is no blocker: the ReplicaIdentity
   * step sets it to FULL, as the person asked. It stays visible, as a warning.
   */
  public static BlueGreenReadiness withOptIns(AuroraMigrationSpec spec, BlueGreenReadiness readiness) {
    List<String> optedIn = spec.blueGreenOrDefault().getReplicaIdentityFull();
    if (optedIn == null || optedIn.isEmpty()) {
      return readiness;
    }
    List<SchemaFinding> blockers = new ArrayList<>();
    List<SchemaFinding> warnings = new ArrayList<>(readiness.warnings());
    for (SchemaFinding f : readiness.blockers()) {
      if (REPLICA_IDENTITY_CHECKS.contains(f.check()) && optedIn.contains(f.object())) {
        warnings.add(new SchemaFinding(f.check(), false, f.object(), f.message(),
            "the operator sets REPLICA IDENTITY FULL on it (spec.blueGreen.replicaIdentityFull)"));
      } else {
        blockers.add(f);
      }
    }
    return new BlueGreenReadiness(blockers, warnings);
  }

  private static final List<String> REPLICA_IDENTITY_CHECKS = List.of("tables-without-replica-identity", "replica-identity-nothing");

  public static String reason(MigrationContext ctx, BlueGreenReadiness readiness) {
    if (ctx.status().getRequestedStrategy() != MigrationStrategy.Auto) {
      return "";
    }
    return readiness.ready()
        ? " (Auto: the source is ready for a Blue/Green deployment)"
        : " (Auto: Blue/Green blocked by " + String.join(", ", readiness.blockers().stream().map(SchemaFinding::check).distinct().toList())
            + "; see status.preflight.blueGreen)";
  }
}
