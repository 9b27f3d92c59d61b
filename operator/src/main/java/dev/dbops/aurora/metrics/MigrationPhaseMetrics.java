package dev.dbops.aurora.metrics;

import dev.dbops.aurora.model.migration.AuroraMigration;
import dev.dbops.aurora.model.migration.MigrationPhase;
import io.javaoperatorsdk.operator.RegisteredController;
import io.javaoperatorsdk.operator.processing.Controller;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.stream.Stream;

/**
 * {@code aurora_migrations{phase}}: how many AuroraMigration resources the operator sees in each phase (a
 * resource without a status yet counts as Pending). Read from the controller's informer cache at scrape time,
 * so it costs no API call and shows what the operator itself sees. Every phase is registered from the start,
 * so a dashboard shows 0 rather than no data.
 */
public final class MigrationPhaseMetrics {
  public static final String NAME = "aurora.migrations";

  private MigrationPhaseMetrics() {}

  public static void register(MeterRegistry registry, RegisteredController<AuroraMigration> controller) {
    for (MigrationPhase phase : MigrationPhase.values()) {
      Gauge.builder(NAME, () -> count(controller, phase))
          .description("AuroraMigration resources by phase, as the operator's cache holds them")
          .tag("phase", phase.name())
          .register(registry);
    }
  }

  private static long count(RegisteredController<AuroraMigration> controller, MigrationPhase phase) {
    return migrations(controller).filter(m -> phaseOf(m) == phase).count();
  }

  static Stream<AuroraMigration> migrations(RegisteredController<AuroraMigration> controller) {
    // JOSDK's RegisteredController does not expose its cache; the Controller behind it does. Before the
    // operator has started its informers there is nothing to count.
    if (!(controller instanceof Controller<AuroraMigration> running)) {
      return Stream.empty();
    }
    try {
      return running.getEventSourceManager().getControllerEventSource().list(m -> true);
    } catch (RuntimeException notStartedYet) {
      return Stream.empty();
    }
  }

  public static MigrationPhase phaseOf(AuroraMigration migration) {
    return migration.getStatus() == null || migration.getStatus().getPhase() == null
        ? MigrationPhase.Pending
        : migration.getStatus().getPhase();
  }
}
