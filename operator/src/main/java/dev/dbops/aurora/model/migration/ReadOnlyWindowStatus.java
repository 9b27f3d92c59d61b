package dev.dbops.aurora.model.migration;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

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

  @JsonPropertyDescription("Databases the operator set default_transaction_read_only=on on, and so the only ones it resets on the target and on rollback.")
  private List<String> switchedDatabases;

  @JsonPropertyDescription("Databases that already carried a database-wide default_transaction_read_only=on: the user's own setting, never reset by the operator.")
  private List<String> alreadyReadOnlyDatabases;

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

  public List<String> getSwitchedDatabases() {
    return switchedDatabases;
  }

  public void setSwitchedDatabases(List<String> switchedDatabases) {
    this.switchedDatabases = switchedDatabases;
  }

  public List<String> getAlreadyReadOnlyDatabases() {
    return alreadyReadOnlyDatabases;
  }

  public void setAlreadyReadOnlyDatabases(List<String> alreadyReadOnlyDatabases) {
    this.alreadyReadOnlyDatabases = alreadyReadOnlyDatabases;
  }
}
