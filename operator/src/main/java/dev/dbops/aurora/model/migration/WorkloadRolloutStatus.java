package dev.dbops.aurora.model.migration;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One workload's restart at cutover. */
public class WorkloadRolloutStatus {

  @JsonPropertyDescription("Deployment or StatefulSet.")
  private String kind;

  @JsonPropertyDescription("Workload name.")
  private String name;

  @JsonPropertyDescription("Value of the kubectl.kubernetes.io/restartedAt pod-template annotation this restart sets; recorded before the patch, so a resumed cutover sets the same value and never restarts twice.")
  private String restartedAt;

  @JsonPropertyDescription("When the restart annotation was patched.")
  private String patchedAt;

  @JsonPropertyDescription("Pending (recorded, not patched yet), Restarting, RolledOut, TimedOut or NotFound.")
  private String state;

  @JsonPropertyDescription("Rollout progress as last seen.")
  private String message;

  @JsonPropertyDescription("When the rollout finished (or timed out).")
  private String finishedAt;

  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getRestartedAt() {
    return restartedAt;
  }

  public void setRestartedAt(String restartedAt) {
    this.restartedAt = restartedAt;
  }

  public String getPatchedAt() {
    return patchedAt;
  }

  public void setPatchedAt(String patchedAt) {
    this.patchedAt = patchedAt;
  }

  public String getState() {
    return state;
  }

  public void setState(String state) {
    this.state = state;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public String getFinishedAt() {
    return finishedAt;
  }

  public void setFinishedAt(String finishedAt) {
    this.finishedAt = finishedAt;
  }
}
