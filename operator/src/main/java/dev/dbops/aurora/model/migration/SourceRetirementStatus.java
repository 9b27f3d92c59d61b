package dev.dbops.aurora.model.migration;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The source after cutover with sourceRetirement.action Stop. AWS starts a stopped Aurora cluster again
 * after seven days, so "stopped" is not a state the operator reaches once: it looks again while the spec
 * says Stop, and stops the source each time it finds it running.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SourceRetirementStatus {

  @JsonPropertyDescription("When the operator last found the source stopped (RFC 3339). AWS starts a stopped Aurora cluster again after seven days; while sourceRetirement.action is Stop the operator looks every hour and stops it again.")
  private String stoppedAt;

  @JsonPropertyDescription("How often the operator found the source running again after it had stopped it (AWS's seven-day start, or a person's), and stopped it again.")
  private Integer restartsSeen;

  @JsonPropertyDescription("When the operator last found the source running again after stopping it (RFC 3339).")
  private String lastRestartSeenAt;

  public String getStoppedAt() {
    return stoppedAt;
  }

  public void setStoppedAt(String stoppedAt) {
    this.stoppedAt = stoppedAt;
  }

  public Integer getRestartsSeen() {
    return restartsSeen;
  }

  public void setRestartsSeen(Integer restartsSeen) {
    this.restartsSeen = restartsSeen;
  }

  public String getLastRestartSeenAt() {
    return lastRestartSeenAt;
  }

  public void setLastRestartSeenAt(String lastRestartSeenAt) {
    this.lastRestartSeenAt = lastRestartSeenAt;
  }
}
