package dev.dbops.aurora.migration;

import dev.dbops.aurora.model.migration.AuroraMigration;
import java.util.Map;
import java.util.Optional;

/**
 * The statement check's ConfigMaps: the full report it writes, beside the short form in status, and the
 * .sql files the team supplies, which it only reads.
 */
public interface StatementReports {

  /**
   * Creates or replaces the ConfigMap {@code name}, owned by {@code migration} (garbage-collected with it).
   * A ConfigMap of that name the migration does not own is left alone; the answer then says why.
   *
   * @return empty when written, else the reason it was not
   */
  Optional<String> publish(AuroraMigration migration, String name, Map<String, String> data);

  /** The data of ConfigMap {@code name} in the migration's namespace, or empty when there is none. */
  Optional<Map<String, String>> read(AuroraMigration migration, String name);
}
