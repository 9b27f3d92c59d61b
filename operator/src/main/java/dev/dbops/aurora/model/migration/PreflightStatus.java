package dev.dbops.aurora.model.migration;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What preflight learned beyond the findings that gate this migration. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PreflightStatus {

  @JsonPropertyDescription("Whether the source could take the minimal-downtime path, a Blue/Green deployment kept in sync by logical replication, and what blocks it. Informational: it does not block this migration.")
  private BlueGreenReadinessStatus blueGreen;

  public BlueGreenReadinessStatus getBlueGreen() {
    return blueGreen;
  }

  public void setBlueGreen(BlueGreenReadinessStatus blueGreen) {
    this.blueGreen = blueGreen;
  }
}
