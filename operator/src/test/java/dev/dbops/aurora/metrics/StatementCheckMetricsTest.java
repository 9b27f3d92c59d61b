package dev.dbops.aurora.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.AuroraOperator;
import dev.dbops.aurora.model.migration.AuroraMigration;
import dev.dbops.aurora.model.migration.AuroraMigrationStatus;
import dev.dbops.aurora.model.migration.StatementCheckStatus;
import dev.dbops.aurora.testing.MigrationResources;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The last statement check of each migration in the operator's Prometheus scrape, as its status shows it. */
class StatementCheckMetricsTest {
  final PrometheusMeterRegistry registry = AuroraOperator.metricsRegistry();
  final List<AuroraMigration> cache = new CopyOnWriteArrayList<>();

  @Test
  void eachMigrationsLastCheckByResultAndNothingForOnesNotChecked() {
    StatementCheckMetrics.register(registry, cache::stream);
    cache.add(checked("orders", 40, 2, 1, 3, 1));
    cache.add(checked("billing", 7, 0, 0, 0, null));
    AuroraMigration fresh = MigrationResources.migrationOf("source-fresh", null);
    fresh.getMetadata().setName("fresh");
    cache.add(fresh);

    String scrape = registry.scrape();

    assertThat(scrape)
        .contains("aurora_statement_check_statements{migration=\"orders\",namespace=\"apps\",result=\"checked\"} 40.0")
        .contains("aurora_statement_check_statements{migration=\"orders\",namespace=\"apps\",result=\"failed\"} 2.0")
        .contains("aurora_statement_check_statements{migration=\"orders\",namespace=\"apps\",result=\"notCheckable\"} 1.0")
        .contains("aurora_statement_check_statements{migration=\"orders\",namespace=\"apps\",result=\"planRegressions\"} 3.0")
        .contains("aurora_statement_check_statements{migration=\"orders\",namespace=\"apps\",result=\"resultMismatches\"} 1.0")
        .contains("aurora_statement_check_statements{migration=\"billing\",namespace=\"apps\",result=\"checked\"} 7.0")
        .doesNotContain("migration=\"billing\",namespace=\"apps\",result=\"resultMismatches\"")
        .doesNotContain("migration=\"fresh\"");

    // Deleted: gone at the next scrape.
    cache.remove(0);
    assertThat(registry.scrape()).doesNotContain("migration=\"orders\"").contains("migration=\"billing\"");
  }

  private static AuroraMigration checked(String name, int checked, int failed, int notCheckable, int regressions,
      Integer mismatches) {
    AuroraMigration m = MigrationResources.migrationOf("source-" + name, null);
    m.getMetadata().setName(name);
    m.getMetadata().setNamespace("apps");
    StatementCheckStatus check = new StatementCheckStatus();
    check.setChecked(checked);
    check.setFailed(failed);
    check.setNotCheckable(notCheckable);
    check.setPlanRegressions(regressions);
    check.setResultMismatches(mismatches);
    m.setStatus(new AuroraMigrationStatus());
    m.getStatus().setStatementCheck(check);
    return m;
  }
}
