package dev.dbops.aurora.model.migration;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** What the BlueGreen strategy did, with its planned downtime: the conversion failover, the reboot, the switchover. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BlueGreenStatus {

  @JsonPropertyDescription("Name of the Blue/Green deployment the operator created (derived from the migration, so a restarted operator finds it).")
  private String deploymentName;

  @JsonPropertyDescription("RDS's identifier of the deployment, recorded as soon as RDS returns it.")
  private String deploymentId;

  @JsonPropertyDescription("The cluster serving the applications before switchover. RDS renames it <source>-old1 at switchover; this field follows it.")
  private String blueClusterId;

  @JsonPropertyDescription("The cluster RDS built and upgraded. It takes the source's name at switchover; this field follows it.")
  private String greenClusterId;

  @JsonPropertyDescription("Instance class the Serverless v1 source was converted to (engine-mode change), when it was one.")
  private String conversionInstanceClass;

  @JsonPropertyDescription("When the engine-mode conversion was requested (RFC 3339); a failover of about 30 seconds follows.")
  private String conversionStartedAt;

  @JsonPropertyDescription("When the converted source was seen available again (RFC 3339).")
  private String conversionCompletedAt;

  @JsonPropertyDescription("Operator-owned DB cluster parameter group attached to the source with rds.logical_replication = 1, when the source's did not have it.")
  private String logicalReplicationParameterGroup;

  @JsonPropertyDescription("Source writer rebooted to apply rds.logical_replication.")
  private String rebootedInstance;

  @JsonPropertyDescription("When that reboot was requested (RFC 3339): planned downtime starts.")
  private String rebootStartedAt;

  @JsonPropertyDescription("When the rebooted writer was seen available again (RFC 3339).")
  private String rebootCompletedAt;

  @JsonPropertyDescription("Tables set to REPLICA IDENTITY FULL as spec.blueGreen.replicaIdentityFull allows (database.schema.table).")
  private List<String> replicaIdentityFullTables = new ArrayList<>();

  @JsonPropertyDescription("db.serverless instances the operator added to green; green's provisioned instances are removed after them.")
  private List<String> greenServerlessInstances = new ArrayList<>();

  @JsonPropertyDescription("Green's replication lag behind blue at the last pre-switchover check.")
  private Double replicationLagSeconds;

  @JsonPropertyDescription("When that lag was read (RFC 3339).")
  private String replicationLagCheckedAt;

  @JsonPropertyDescription("Sequences moved forward on green before switchover (logical replication does not carry them).")
  private Integer sequencesCarried;

  @JsonPropertyDescription("When SwitchoverBlueGreenDeployment was requested (RFC 3339), recorded before the call.")
  private String switchoverStartedAt;

  @JsonPropertyDescription("When the deployment was seen SWITCHOVER_COMPLETED (RFC 3339).")
  private String switchoverCompletedAt;

  @JsonPropertyDescription("Upper bound of the write-blocked window in seconds (millisecond precision): from the switchover request until it was seen completed.")
  private Double writeBlockedSeconds;

  @JsonPropertyDescription("When the deployment was deleted (both clusters kept) after switchover (RFC 3339).")
  private String deploymentDeletedAt;

  public String getDeploymentName() {
    return deploymentName;
  }

  public void setDeploymentName(String deploymentName) {
    this.deploymentName = deploymentName;
  }

  public String getDeploymentId() {
    return deploymentId;
  }

  public void setDeploymentId(String deploymentId) {
    this.deploymentId = deploymentId;
  }

  public String getBlueClusterId() {
    return blueClusterId;
  }

  public void setBlueClusterId(String blueClusterId) {
    this.blueClusterId = blueClusterId;
  }

  public String getGreenClusterId() {
    return greenClusterId;
  }

  public void setGreenClusterId(String greenClusterId) {
    this.greenClusterId = greenClusterId;
  }

  public String getConversionInstanceClass() {
    return conversionInstanceClass;
  }

  public void setConversionInstanceClass(String conversionInstanceClass) {
    this.conversionInstanceClass = conversionInstanceClass;
  }

  public String getConversionStartedAt() {
    return conversionStartedAt;
  }

  public void setConversionStartedAt(String conversionStartedAt) {
    this.conversionStartedAt = conversionStartedAt;
  }

  public String getConversionCompletedAt() {
    return conversionCompletedAt;
  }

  public void setConversionCompletedAt(String conversionCompletedAt) {
    this.conversionCompletedAt = conversionCompletedAt;
  }

  public String getLogicalReplicationParameterGroup() {
    return logicalReplicationParameterGroup;
  }

  public void setLogicalReplicationParameterGroup(String logicalReplicationParameterGroup) {
    this.logicalReplicationParameterGroup = logicalReplicationParameterGroup;
  }

  public String getRebootedInstance() {
    return rebootedInstance;
  }

  public void setRebootedInstance(String rebootedInstance) {
    this.rebootedInstance = rebootedInstance;
  }

  public String getRebootStartedAt() {
    return rebootStartedAt;
  }

  public void setRebootStartedAt(String rebootStartedAt) {
    this.rebootStartedAt = rebootStartedAt;
  }

  public String getRebootCompletedAt() {
    return rebootCompletedAt;
  }

  public void setRebootCompletedAt(String rebootCompletedAt) {
    this.rebootCompletedAt = rebootCompletedAt;
  }

  public List<String> getReplicaIdentityFullTables() {
    return replicaIdentityFullTables;
  }

  public void setReplicaIdentityFullTables(List<String> replicaIdentityFullTables) {
    this.replicaIdentityFullTables = replicaIdentityFullTables;
  }

  public List<String> getGreenServerlessInstances() {
    return greenServerlessInstances;
  }

  public void setGreenServerlessInstances(List<String> greenServerlessInstances) {
    this.greenServerlessInstances = greenServerlessInstances;
  }

  public Double getReplicationLagSeconds() {
    return replicationLagSeconds;
  }

  public void setReplicationLagSeconds(Double replicationLagSeconds) {
    this.replicationLagSeconds = replicationLagSeconds;
  }

  public String getReplicationLagCheckedAt() {
    return replicationLagCheckedAt;
  }

  public void setReplicationLagCheckedAt(String replicationLagCheckedAt) {
    this.replicationLagCheckedAt = replicationLagCheckedAt;
  }

  public Integer getSequencesCarried() {
    return sequencesCarried;
  }

  public void setSequencesCarried(Integer sequencesCarried) {
    this.sequencesCarried = sequencesCarried;
  }

  public String getSwitchoverStartedAt() {
    return switchoverStartedAt;
  }

  public void setSwitchoverStartedAt(String switchoverStartedAt) {
    this.switchoverStartedAt = switchoverStartedAt;
  }

  public String getSwitchoverCompletedAt() {
    return switchoverCompletedAt;
  }

  public void setSwitchoverCompletedAt(String switchoverCompletedAt) {
    this.switchoverCompletedAt = switchoverCompletedAt;
  }

  public Double getWriteBlockedSeconds() {
    return writeBlockedSeconds;
  }

  public void setWriteBlockedSeconds(Double writeBlockedSeconds) {
    this.writeBlockedSeconds = writeBlockedSeconds;
  }

  public String getDeploymentDeletedAt() {
    return deploymentDeletedAt;
  }

  public void setDeploymentDeletedAt(String deploymentDeletedAt) {
    this.deploymentDeletedAt = deploymentDeletedAt;
  }
}
