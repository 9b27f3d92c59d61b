package dev.dbops.aurora.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** What monitoring exists for the cluster. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MonitoringStatus {

  @JsonPropertyDescription("CloudWatch alarms and their state.")
  private List<AlarmStatus> alarms = new ArrayList<>();

  @JsonPropertyDescription("CloudWatch dashboard name.")
  private String dashboardName;

  @JsonPropertyDescription("CloudWatch console URL of the dashboard.")
  private String dashboardUrl;

  @JsonPropertyDescription("Datadog monitor ids.")
  private List<String> datadogMonitorIds = new ArrayList<>();

  @JsonPropertyDescription("Datadog dashboard id.")
  private String datadogDashboardId;

  @JsonPropertyDescription("Where the Datadog monitors and dashboard were written and with which key Secrets, so they can be deleted when spec.monitoring.datadog is removed.")
  private DatadogMonitoringStatus datadog;

  @JsonPropertyDescription("Capacity used and its estimated cost.")
  private CostStatus cost;

  public List<AlarmStatus> getAlarms() {
    return alarms;
  }

  public void setAlarms(List<AlarmStatus> alarms) {
    this.alarms = alarms;
  }

  public String getDashboardName() {
    return dashboardName;
  }

  public void setDashboardName(String dashboardName) {
    this.dashboardName = dashboardName;
  }

  public String getDashboardUrl() {
    return dashboardUrl;
  }

  public void setDashboardUrl(String dashboardUrl) {
    this.dashboardUrl = dashboardUrl;
  }

  public List<String> getDatadogMonitorIds() {
    return datadogMonitorIds;
  }

  public void setDatadogMonitorIds(List<String> datadogMonitorIds) {
    this.datadogMonitorIds = datadogMonitorIds;
  }

  public String getDatadogDashboardId() {
    return datadogDashboardId;
  }

  public void setDatadogDashboardId(String datadogDashboardId) {
    this.datadogDashboardId = datadogDashboardId;
  }

  public DatadogMonitoringStatus getDatadog() {
    return datadog;
  }

  public void setDatadog(DatadogMonitoringStatus datadog) {
    this.datadog = datadog;
  }

  public CostStatus getCost() {
    return cost;
  }

  public void setCost(CostStatus cost) {
    this.cost = cost;
  }
}
