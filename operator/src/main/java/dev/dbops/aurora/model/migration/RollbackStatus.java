package dev.dbops.aurora.model.migration;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** What a rollback did. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RollbackStatus {

  @JsonPropertyDescription("Why it rolled back.")
  private String reason;

  @JsonPropertyDescription("What was done, in order.")
  private List<String> actions = new ArrayList<>();

  @JsonPropertyDescription("When it ended.")
  private String finishedAt;

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public List<String> getActions() {
    return actions;
  }

  public void setActions(List<String> actions) {
    this.actions = actions;
  }

  public String getFinishedAt() {
    return finishedAt;
  }

  public void setFinishedAt(String finishedAt) {
    this.finishedAt = finishedAt;
  }
}
