package dev.dbops.aurora.model.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.dbops.aurora.model.MonitoringStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** Observed state of the cluster. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DatabaseClusterStatus {

  @JsonPropertyDescription("Pending, Creating, Modifying, Available, Deleting or Failed.")
  private ClusterPhase phase;

  @JsonPropertyDescription("Ready, Progressing and Degraded.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("Generation of the spec last acted on.")
  private Long observedGeneration;

  @JsonPropertyDescription("Cluster ARN.")
  private String arn;

  @JsonPropertyDescription("Cluster status as AWS reports it.")
  private String awsStatus;

  @JsonPropertyDescription("Writer endpoint.")
  private String endpoint;

  @JsonPropertyDescription("Reader endpoint.")
  private String readerEndpoint;

  @JsonPropertyDescription("Port.")
  private Integer port;

  @JsonPropertyDescription("Engine version AWS reports.")
  private String engineVersion;

  @JsonPropertyDescription("Engine mode AWS reports (provisioned for Serverless v2).")
  private String engineMode;

  @JsonPropertyDescription("Capacity range AWS reports.")
  private ClusterScalingStatus scaling;

  @JsonPropertyDescription("Instances AWS reports.")
  private List<InstanceStatus> instances = new ArrayList<>();

  @JsonPropertyDescription("ARN of the Secrets Manager secret AWS manages for the master password.")
  private String masterUserSecretArn;

  @JsonPropertyDescription("Which version of the master password Secret was last applied to the cluster: a SHA-256 of that Secret's uid and resourceVersion, so it tells nothing about the password. When the Secret changes, the operator sets its password in AWS once and records the new fingerprint.")
  private String masterPasswordFingerprint;

  @JsonPropertyDescription("Name of the connection Secret written for apps.")
  private String connectionSecretName;

  @JsonPropertyDescription("Final snapshot taken on deletion.")
  private String finalSnapshotIdentifier;

  @JsonPropertyDescription("Last error met.")
  private ErrorStatus lastError;

  @JsonPropertyDescription("Set after a terminal AWS error: no AWS call for that generation until the time given.")
  private FailureHold failureHold;

  @JsonPropertyDescription("Tag keys the operator set on the cluster. Only these are removed when they leave spec.tags; tags others set are left alone.")
  private List<String> managedTagKeys;

  @JsonPropertyDescription("Changes sent to AWS that it has not shown yet, with how often each was sent; after a few identical attempts the operator stops sending it and reports Degraded until the spec or AWS's value changes.")
  private List<ChangeAttempt> changeAttempts;

  @JsonPropertyDescription("Creates the operator asked for that AWS does not list yet. RDS lists a new cluster or instance a while after accepting its create; within a grace period the operator waits for it instead of creating it again, after that it creates it again.")
  private List<PendingCreate> pendingCreates;

  @JsonPropertyDescription("Monitoring that exists for the cluster.")
  private MonitoringStatus monitoring;

  public ClusterPhase getPhase() {
    return phase;
  }

  public void setPhase(ClusterPhase phase) {
    this.phase = phase;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public String getArn() {
    return arn;
  }

  public void setArn(String arn) {
    this.arn = arn;
  }

  public String getAwsStatus() {
    return awsStatus;
  }

  public void setAwsStatus(String awsStatus) {
    this.awsStatus = awsStatus;
  }

  public String getEndpoint() {
    return endpoint;
  }

  public void setEndpoint(String endpoint) {
    this.endpoint = endpoint;
  }

  public String getReaderEndpoint() {
    return readerEndpoint;
  }

  public void setReaderEndpoint(String readerEndpoint) {
    this.readerEndpoint = readerEndpoint;
  }

  public Integer getPort() {
    return port;
  }

  public void setPort(Integer port) {
    this.port = port;
  }

  public String getEngineVersion() {
    return engineVersion;
  }

  public void setEngineVersion(String engineVersion) {
    this.engineVersion = engineVersion;
  }

  public String getEngineMode() {
    return engineMode;
  }

  public void setEngineMode(String engineMode) {
    this.engineMode = engineMode;
  }

  public ClusterScalingStatus getScaling() {
    return scaling;
  }

  public void setScaling(ClusterScalingStatus scaling) {
    this.scaling = scaling;
  }

  public List<InstanceStatus> getInstances() {
    return instances;
  }

  public void setInstances(List<InstanceStatus> instances) {
    this.instances = instances;
  }

  public String getMasterUserSecretArn() {
    return masterUserSecretArn;
  }

  public void setMasterUserSecretArn(String masterUserSecretArn) {
    this.masterUserSecretArn = masterUserSecretArn;
  }

  public String getMasterPasswordFingerprint() {
    return masterPasswordFingerprint;
  }

  public void setMasterPasswordFingerprint(String masterPasswordFingerprint) {
    this.masterPasswordFingerprint = masterPasswordFingerprint;
  }

  public String getConnectionSecretName() {
    return connectionSecretName;
  }

  public void setConnectionSecretName(String connectionSecretName) {
    this.connectionSecretName = connectionSecretName;
  }

  public String getFinalSnapshotIdentifier() {
    return finalSnapshotIdentifier;
  }

  public void setFinalSnapshotIdentifier(String finalSnapshotIdentifier) {
    this.finalSnapshotIdentifier = finalSnapshotIdentifier;
  }

  public ErrorStatus getLastError() {
    return lastError;
  }

  public void setLastError(ErrorStatus lastError) {
    this.lastError = lastError;
  }

  public FailureHold getFailureHold() {
    return failureHold;
  }

  public void setFailureHold(FailureHold failureHold) {
    this.failureHold = failureHold;
  }

  public List<String> getManagedTagKeys() {
    return managedTagKeys;
  }

  public void setManagedTagKeys(List<String> managedTagKeys) {
    this.managedTagKeys = managedTagKeys;
  }

  public List<ChangeAttempt> getChangeAttempts() {
    return changeAttempts;
  }

  public void setChangeAttempts(List<ChangeAttempt> changeAttempts) {
    this.changeAttempts = changeAttempts;
  }

  public List<PendingCreate> getPendingCreates() {
    return pendingCreates;
  }

  public void setPendingCreates(List<PendingCreate> pendingCreates) {
    this.pendingCreates = pendingCreates;
  }

  public MonitoringStatus getMonitoring() {
    return monitoring;
  }

  public void setMonitoring(MonitoringStatus monitoring) {
    this.monitoring = monitoring;
  }
}
