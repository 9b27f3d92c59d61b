package dev.dbops.aurora.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Monitoring of the cluster. */
public class MonitoringSpec {

  @JsonPropertyDescription("CloudWatch alarms and dashboard.")
  private CloudWatchMonitoringSpec cloudWatch;

  @JsonPropertyDescription("Datadog monitors and dashboard (optional).")
  private DatadogMonitoringSpec datadog;

  @JsonPropertyDescription("Cost insight settings.")
  private CostSpec cost;

  public CloudWatchMonitoringSpec getCloudWatch() {
    return cloudWatch;
  }

  public void setCloudWatch(CloudWatchMonitoringSpec cloudWatch) {
    this.cloudWatch = cloudWatch;
  }

  public DatadogMonitoringSpec getDatadog() {
    return datadog;
  }

  public void setDatadog(DatadogMonitoringSpec datadog) {
    this.datadog = datadog;
  }

  public CostSpec getCost() {
    return cost;
  }

  public void setCost(CostSpec cost) {
    this.cost = cost;
  }
}
