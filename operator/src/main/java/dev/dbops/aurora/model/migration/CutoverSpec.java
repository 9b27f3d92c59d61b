package dev.dbops.aurora.model.migration;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** How the apps are moved to the target. */
public class CutoverSpec {

  @JsonPropertyDescription("Automatic, or Manual: wait until approved is true.")
  @Default("Manual")
  private CutoverMode mode;

  @JsonPropertyDescription("With mode Manual: set true (in Git) to cut over.")
  private boolean approved;

  @JsonPropertyDescription("Cut over even though writes reached the source after the snapshot (or could not be ruled out); those writes are not on the target and must be carried over by hand. status.writeFence names them.")
  private boolean acceptWritesAfterSnapshot;

  @JsonPropertyDescription("Secret with the connection details the apps read; rewritten to point at the target.")
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  private String connectionSecretName;

  @JsonPropertyDescription("ExternalName Service the apps connect to; repointed at the target endpoint.")
  @Pattern("^[a-z]([-a-z0-9]*[a-z0-9])?$")
  private String serviceName;

  @JsonPropertyDescription("DNS record to UPSERT to the target endpoint.")
  private Route53RecordSpec route53;

  @JsonPropertyDescription("Manage the target as a DatabaseCluster after cutover.")
  private AdoptionSpec adoptAsDatabaseCluster;

  @JsonPropertyDescription("Deployments and StatefulSets that use the database: restarted after the Secret and Service are switched (as kubectl rollout restart does), each rollout awaited.")
  @Size(max = 50)
  private List<WorkloadRef> workloads = new ArrayList<>();

  @JsonPropertyDescription("Seconds each workload's rollout may take; past it the migration holds (Degraded, reason RolloutTimedOut) and the source is neither drained nor retired.")
  @Min(10)
  @Max(86400)
  @Default("600")
  private Integer rolloutTimeoutSeconds;

  @JsonPropertyDescription("Seconds after the switch that application sessions may stay on the source; then the rest are terminated.")
  @Min(0)
  @Max(86400)
  @Default("300")
  private Integer drainGracePeriodSeconds;

  @JsonPropertyDescription("Set true once the Argo CD Application ignores the fields the cutover writes (argocd/ignore-differences.yaml): lets preflight accept a Secret or Service Argo CD tracks.")
  private boolean argoCdIgnoresRoutingFields;

  public List<WorkloadRef> getWorkloads() {
    return workloads;
  }

  public void setWorkloads(List<WorkloadRef> workloads) {
    this.workloads = workloads == null ? new ArrayList<>() : workloads;
  }

  public Integer getRolloutTimeoutSeconds() {
    return rolloutTimeoutSeconds;
  }

  public void setRolloutTimeoutSeconds(Integer rolloutTimeoutSeconds) {
    this.rolloutTimeoutSeconds = rolloutTimeoutSeconds;
  }

  public Integer getDrainGracePeriodSeconds() {
    return drainGracePeriodSeconds;
  }

  public void setDrainGracePeriodSeconds(Integer drainGracePeriodSeconds) {
    this.drainGracePeriodSeconds = drainGracePeriodSeconds;
  }

  public boolean isArgoCdIgnoresRoutingFields() {
    return argoCdIgnoresRoutingFields;
  }

  public void setArgoCdIgnoresRoutingFields(boolean argoCdIgnoresRoutingFields) {
    this.argoCdIgnoresRoutingFields = argoCdIgnoresRoutingFields;
  }

  public CutoverMode getMode() {
    return mode;
  }

  public void setMode(CutoverMode mode) {
    this.mode = mode;
  }

  public boolean isApproved() {
    return approved;
  }

  public void setApproved(boolean approved) {
    this.approved = approved;
  }

  public String getConnectionSecretName() {
    return connectionSecretName;
  }

  public void setConnectionSecretName(String connectionSecretName) {
    this.connectionSecretName = connectionSecretName;
  }

  public String getServiceName() {
    return serviceName;
  }

  public void setServiceName(String serviceName) {
    this.serviceName = serviceName;
  }

  public Route53RecordSpec getRoute53() {
    return route53;
  }

  public void setRoute53(Route53RecordSpec route53) {
    this.route53 = route53;
  }

  public AdoptionSpec getAdoptAsDatabaseCluster() {
    return adoptAsDatabaseCluster;
  }

  public void setAdoptAsDatabaseCluster(AdoptionSpec adoptAsDatabaseCluster) {
    this.adoptAsDatabaseCluster = adoptAsDatabaseCluster;
  }

  public boolean isAcceptWritesAfterSnapshot() {
    return acceptWritesAfterSnapshot;
  }

  public void setAcceptWritesAfterSnapshot(boolean acceptWritesAfterSnapshot) {
    this.acceptWritesAfterSnapshot = acceptWritesAfterSnapshot;
  }
}
