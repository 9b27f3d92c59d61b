package dev.dbops.aurora.model.migration;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** How the applications were moved: the host they were pointed at, their restarts, the source's drain. */
public class AppsCutoverStatus {

  @JsonPropertyDescription("The host the cutover wrote into the Secret and Service; checked again after completion.")
  private String routedHost;

  @JsonPropertyDescription("Workloads restarted at cutover, resolved once from spec.cutover.workloads.")
  private List<WorkloadRolloutStatus> workloads;

  @JsonPropertyDescription("Application sessions left on the source after cutover.")
  private SourceDrainStatus drain;

  @JsonPropertyDescription("When the Secret and Service were first found pointing at the target after completion (or again, after a drift).")
  private String routingCheckedAt;

  @JsonPropertyDescription("What was found pointing elsewhere at the last check (empty when all point at the target).")
  private List<String> routingDrift = new ArrayList<>();

  public String getRoutedHost() {
    return routedHost;
  }

  public void setRoutedHost(String routedHost) {
    this.routedHost = routedHost;
  }

  public List<WorkloadRolloutStatus> getWorkloads() {
    return workloads;
  }

  public void setWorkloads(List<WorkloadRolloutStatus> workloads) {
    this.workloads = workloads;
  }

  public SourceDrainStatus getDrain() {
    return drain;
  }

  public void setDrain(SourceDrainStatus drain) {
    this.drain = drain;
  }

  public String getRoutingCheckedAt() {
    return routingCheckedAt;
  }

  public void setRoutingCheckedAt(String routingCheckedAt) {
    this.routingCheckedAt = routingCheckedAt;
  }

  public List<String> getRoutingDrift() {
    return routingDrift;
  }

  public void setRoutingDrift(List<String> routingDrift) {
    this.routingDrift = routingDrift == null ? new ArrayList<>() : routingDrift;
  }
}
