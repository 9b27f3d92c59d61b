package dev.dbops.aurora.migration;

import dev.dbops.aurora.model.migration.AuroraMigration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ConfigMaps of one namespace, in memory: reports the check publishes and statement files a test
 * puts there. The Kubernetes side itself is {@link KubernetesStatementReportsTest}'s.
 */
final class InMemoryStatementReports implements StatementReports {
  /** ConfigMap data by name. */
  final Map<String, Map<String, String>> configMaps = new ConcurrentHashMap<>();

  @Override
  public Optional<String> publish(AuroraMigration migration, String name, Map<String, String> data) {
    configMaps.put(name, data);
    return Optional.empty();
  }

  @Override
  public Optional<Map<String, String>> read(AuroraMigration migration, String name) {
    return Optional.ofNullable(configMaps.get(name));
  }
}
