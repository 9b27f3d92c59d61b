package dev.dbops.aurora.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** CloudWatch alarms and dashboard for the cluster. */
public class CloudWatchMonitoringSpec {

  @JsonPropertyDescription("Create alarms and a dashboard (default true when monitoring is set).")
  private Boolean enabled;

  @JsonPropertyDescription("SNS topic ARNs notified on alarm.")
  private List<String> alarmActions;

  @JsonPropertyDescription("Alarm thresholds.")
  private AlarmThresholdsSpec thresholds;

  @JsonPropertyDescription("Alarms to leave out: capacity, cpu, connections, memory, deadlocks, replicaLag.")
  private List<String> disabledAlarms;

  @JsonPropertyDescription("Create the per-cluster dashboard (default true).")
  private Boolean dashboard;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public List<String> getAlarmActions() {
    return alarmActions;
  }

  public void setAlarmActions(List<String> alarmActions) {
    this.alarmActions = alarmActions;
  }

  public AlarmThresholdsSpec getThresholds() {
    return thresholds;
  }

  public void setThresholds(AlarmThresholdsSpec thresholds) {
    this.thresholds = thresholds;
  }

  public List<String> getDisabledAlarms() {
    return disabledAlarms;
  }

  public void setDisabledAlarms(List<String> disabledAlarms) {
    this.disabledAlarms = disabledAlarms;
  }

  public Boolean getDashboard() {
    return dashboard;
  }

  public void setDashboard(Boolean dashboard) {
    this.dashboard = dashboard;
  }
}
