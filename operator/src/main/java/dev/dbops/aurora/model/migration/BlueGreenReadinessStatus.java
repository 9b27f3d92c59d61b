package dev.dbops.aurora.model.migration;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** The source's readiness for a Blue/Green deployment, as preflight found it (see docs/blue-green.md). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BlueGreenReadinessStatus {

  @JsonPropertyDescription("True when nothing blocks a Blue/Green deployment of the source.")
  private Boolean ready;

  @JsonPropertyDescription("What must change on the source before a Blue/Green deployment, each with a stable check code and advice.")
  private List<Finding> blockers = new ArrayList<>();

  @JsonPropertyDescription("What a Blue/Green deployment would cost (a reboot, an engine-mode conversion) or needs care during it.")
  private List<Finding> warnings = new ArrayList<>();

  public Boolean getReady() {
    return ready;
  }

  public void setReady(Boolean ready) {
    this.ready = ready;
  }

  public List<Finding> getBlockers() {
    return blockers;
  }

  public void setBlockers(List<Finding> blockers) {
    this.blockers = blockers;
  }

  public List<Finding> getWarnings() {
    return warnings;
  }

  public void setWarnings(List<Finding> warnings) {
    this.warnings = warnings;
  }
}
