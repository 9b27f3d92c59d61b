package dev.dbops.aurora.migration.bluegreen;

import dev.dbops.aurora.postgres.SchemaFinding;
import java.util.List;

/**
 * Whether the source can take the minimal-downtime path, a Blue/Green deployment kept in sync by logical
 * replication: ready when nothing blocks it. Warnings name what the path costs (a reboot, a conversion) or
 * what needs care during it (DDL, sequences); they do not make it unready.
 */
public record BlueGreenReadiness(List<SchemaFinding> blockers, List<SchemaFinding> warnings) {

  public BlueGreenReadiness {
    blockers = List.copyOf(blockers);
    warnings = List.copyOf(warnings);
  }

  public static BlueGreenReadiness of(List<SchemaFinding> findings) {
    return new BlueGreenReadiness(
        findings.stream().filter(SchemaFinding::blocker).toList(),
        findings.stream().filter(f -> !f.blocker()).toList());
  }

  public boolean ready() {
    return blockers.isEmpty();
  }
}
