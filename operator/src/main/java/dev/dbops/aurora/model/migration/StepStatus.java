package dev.dbops.aurora.model.migration;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.LinkedHashMap;
import java.util.Map;

/** One step of the migration. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StepStatus {

  @JsonPropertyDescription("Step name.")
  private String name;

  @JsonPropertyDescription("Pending, Running, Succeeded, Failed or Skipped.")
  private StepState state;

  @JsonPropertyDescription("When it started (RFC 3339).")
  private String startedAt;

  @JsonPropertyDescription("When it ended (RFC 3339).")
  private String finishedAt;

  @JsonPropertyDescription("What happened.")
  private String message;

  @JsonPropertyDescription("AWS ids involved, e.g. snapshotArn.")
  private Map<String, String> resources = new LinkedHashMap<>();

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public StepState getState() {
    return state;
  }

  public void setState(StepState state) {
    this.state = state;
  }

  public String getStartedAt() {
    return startedAt;
  }

  public void setStartedAt(String startedAt) {
    this.startedAt = startedAt;
  }

  public String getFinishedAt() {
    return finishedAt;
  }

  public void setFinishedAt(String finishedAt) {
    this.finishedAt = finishedAt;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public Map<String, String> getResources() {
    return resources;
  }

  public void setResources(Map<String, String> resources) {
    this.resources = resources;
  }
}
