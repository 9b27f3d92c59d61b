package dev.dbops.aurora.migration;

import dev.dbops.aurora.model.migration.AuroraMigration;
import java.util.Map;
import java.util.Optional;

/** Where the full statement-check report goes, beside the short form in status: a ConfigMap kubectl can read. */
public interface StatementReports {

  /**
   * Creates or replaces the ConfigMap {@code name}, owned by {@code migration} (garbage-collected with it).
   * A ConfigMap of that name the migration does not own is left alone; the answer then says why.
   *
   * @return empty when written, else the reason it was not
   */
  Optional<String> publish(AuroraMigration migration, String name, Map<String, String> data);
}
