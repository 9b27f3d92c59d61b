package dev.dbops.aurora.model.migration;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** When the source stopped taking writes and when apps moved on. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ReadOnlyWindowStatus {

  @JsonPropertyDescription("When the source became read-only (RFC 3339).")
  private String startedAt;

  @JsonPropertyDescription("When the cutover ended it.")
  private String endedAt;

  @JsonPropertyDescription("Length in seconds, once ended.")
  private Long durationSeconds;

  @JsonPropertyDescription("Length for humans, e.g. 12m30s; grows while open.")
  private String duration;

  public String getStartedAt() {
    return startedAt;
  }

  public void setStartedAt(String startedAt) {
    this.startedAt = startedAt;
  }

  public String getEndedAt() {
    return endedAt;
  }

  public void setEndedAt(String endedAt) {
    this.endedAt = endedAt;
  }

  public Long getDurationSeconds() {
    return durationSeconds;
  }

  public void setDurationSeconds(Long durationSeconds) {
    this.durationSeconds = durationSeconds;
  }

  public String getDuration() {
    return duration;
  }

  public void setDuration(String duration) {
    this.duration = duration;
  }
}
