package dev.dbops.aurora.metrics;

import dev.dbops.aurora.model.migration.AuroraMigration;
import dev.dbops.aurora.model.migration.StatementCheckStatus;
import io.javaoperatorsdk.operator.RegisteredController;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * {@code aurora_statement_check_statements{namespace, migration, result}}: the last statement check of
 * each AuroraMigration (status.statementCheck), one series per result: checked, failed, notCheckable,
 * planRegressions, and resultMismatches when results were compared. Read from the controller's informer
 * cache at scrape time, like {@link MigrationPhaseMetrics}: no API call, and a deleted migration's series
 * are gone at the next scrape (a gauge per migration registered in Micrometer would stay until removed).
 * Only the Prometheus registry can collect at scrape time, so other registries get no such series.
 */
public final class StatementCheckMetrics implements Collector {
  public static final String NAME = "aurora_statement_check_statements";

  private final Supplier<Stream<AuroraMigration>> migrations;

  StatementCheckMetrics(Supplier<Stream<AuroraMigration>> migrations) {
    this.migrations = migrations;
  }

  public static void register(MeterRegistry registry, RegisteredController<AuroraMigration> controller) {
    register(registry, () -> MigrationPhaseMetrics.migrations(controller));
  }

  static void register(MeterRegistry registry, Supplier<Stream<AuroraMigration>> migrations) {
    if (registry instanceof PrometheusMeterRegistry prometheus) {
      prometheus.getPrometheusRegistry().register(new StatementCheckMetrics(migrations));
    }
  }

  @Override
  public String getPrometheusName() {
    return NAME;
  }

  @Override
  public MetricSnapshot collect() {
    GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(NAME)
        .help("Statements of the last statement check of each AuroraMigration, by result");
    migrations.get()
        .filter(m -> m.getStatus() != null && m.getStatus().getStatementCheck() != null)
        .forEach(m -> results(m.getStatus().getStatementCheck()).forEach((result, value) -> gauge.dataPoint(
            GaugeDataPointSnapshot.builder()
                .labels(Labels.of("namespace", m.getMetadata().getNamespace(), "migration", m.getMetadata().getName(),
                    "result", result))
                .value(value)
                .build())));
    return gauge.build();
  }

  private static Map<String, Integer> results(StatementCheckStatus check) {
    Map<String, Integer> out = new LinkedHashMap<>();
    out.put("checked", check.getChecked());
    out.put("failed", check.getFailed());
    out.put("notCheckable", check.getNotCheckable());
    out.put("planRegressions", check.getPlanRegressions());
    out.put("resultMismatches", check.getResultMismatches());
    out.values().removeIf(java.util.Objects::isNull);
    return out;
  }
}
