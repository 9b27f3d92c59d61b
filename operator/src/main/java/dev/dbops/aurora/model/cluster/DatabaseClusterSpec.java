package dev.dbops.aurora.model.cluster;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.dbops.aurora.model.BackupSpec;
import dev.dbops.aurora.model.ConnectionSecretSpec;
import dev.dbops.aurora.model.MasterCredentialsSpec;
import dev.dbops.aurora.model.MonitoringSpec;
import dev.dbops.aurora.model.ParameterGroupSpec;
import dev.dbops.aurora.model.ServerlessClusterShape;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Desired state of an Aurora PostgreSQL Serverless v2 cluster. */
@ValidationRule(value = "!has(self.restoreFromSnapshot) || !(has(self.adoptExisting) && self.adoptExisting)", message = "restoreFromSnapshot and adoptExisting exclude each other")
@ValidationRule(value = "(has(self.adoptExisting) && self.adoptExisting) || has(self.masterCredentials) || has(self.restoreFromSnapshot)", message = "masterCredentials is required unless the cluster is adopted or restored from a snapshot")
@ValidationRule(value = "has(oldSelf.restoreFromSnapshot) == has(self.restoreFromSnapshot)", message = "restoreFromSnapshot cannot be added or removed after creation")
public class DatabaseClusterSpec extends ServerlessClusterShape {

  @JsonPropertyDescription("DB cluster identifier in AWS: 1-60 lower-case letters, digits or single hyphens, starting with a letter (60 leaves room for instance names <id>-1 .. <id>-16). Immutable.")
  @Required
  // Lower case only: RDS stores identifiers lower-cased, so a mixed-case name would never match what AWS lists.
  @Pattern("^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
  @Size(max = 60)
  @ValidationRule(value = "self == oldSelf", message = "clusterIdentifier is immutable")
  private String clusterIdentifier;

  @JsonPropertyDescription("AWS region; the operator's default region when empty.")
  @Pattern("^[a-z]{2}(-[a-z]+)+-[0-9]$")
  private String region;

  @JsonPropertyDescription("Engine; only aurora-postgresql.")
  @Default("aurora-postgresql")
  @Pattern("^aurora-postgresql$")
  private String engine;

  @JsonPropertyDescription("Engine version, e.g. 15.10.")
  @Required
  @Pattern("^[0-9]+(\\.[0-9]+)*$")
  private String engineVersion;

  @JsonPropertyDescription("Let a change of engineVersion to a new major version upgrade the cluster.")
  private boolean allowMajorVersionUpgrade;

  @JsonPropertyDescription("Backup retention and windows.")
  private BackupSpec backup;

  @JsonPropertyDescription("AWS deletion protection on the cluster: true or false sets it; unset keeps what an existing (adopted) cluster has, and creates a new one without it.")
  private Boolean deletionProtection;

  @JsonPropertyDescription("Cluster parameter group.")
  private ParameterGroupSpec parameterGroup;

  @JsonPropertyDescription("Log types exported to CloudWatch Logs, e.g. postgresql.")
  private List<String> cloudwatchLogsExports;

  @JsonPropertyDescription("Database created with the cluster (default postgres).")
  @Pattern("^[a-zA-Z_][a-zA-Z0-9_]{0,62}$")
  private String databaseName;

  @JsonPropertyDescription("Master user and password source.")
  private MasterCredentialsSpec masterCredentials;

  @JsonPropertyDescription("Create the cluster from this snapshot instead of empty.")
  @ValidationRule(value = "self == oldSelf", message = "restoreFromSnapshot is immutable")
  private SnapshotSource restoreFromSnapshot;

  @JsonPropertyDescription("Manage an existing cluster with this identifier; never create one.")
  private boolean adoptExisting;

  @JsonPropertyDescription("What happens in AWS when the resource is deleted: Retain (default), Snapshot (final snapshot, then delete) or Delete.")
  @Default("Retain")
  private DeletionPolicy deletionPolicy;

  @JsonPropertyDescription("The connection Secret for apps.")
  private ConnectionSecretSpec connectionSecret;

  @JsonPropertyDescription("Alarms, dashboards, Datadog and cost insight.")
  private MonitoringSpec monitoring;

  public String getClusterIdentifier() {
    return clusterIdentifier;
  }

  public void setClusterIdentifier(String clusterIdentifier) {
    this.clusterIdentifier = clusterIdentifier;
  }

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public String getEngine() {
    return engine;
  }

  public void setEngine(String engine) {
    this.engine = engine;
  }

  public String getEngineVersion() {
    return engineVersion;
  }

  public void setEngineVersion(String engineVersion) {
    this.engineVersion = engineVersion;
  }

  public boolean isAllowMajorVersionUpgrade() {
    return allowMajorVersionUpgrade;
  }

  public void setAllowMajorVersionUpgrade(boolean allowMajorVersionUpgrade) {
    this.allowMajorVersionUpgrade = allowMajorVersionUpgrade;
  }

  public BackupSpec getBackup() {
    return backup;
  }

  public void setBackup(BackupSpec backup) {
    this.backup = backup;
  }

  public Boolean getDeletionProtection() {
    return deletionProtection;
  }

  public void setDeletionProtection(Boolean deletionProtection) {
    this.deletionProtection = deletionProtection;
  }

  public ParameterGroupSpec getParameterGroup() {
    return parameterGroup;
  }

  public void setParameterGroup(ParameterGroupSpec parameterGroup) {
    this.parameterGroup = parameterGroup;
  }

  public List<String> getCloudwatchLogsExports() {
    return cloudwatchLogsExports;
  }

  public void setCloudwatchLogsExports(List<String> cloudwatchLogsExports) {
    this.cloudwatchLogsExports = cloudwatchLogsExports;
  }

  public String getDatabaseName() {
    return databaseName;
  }

  public void setDatabaseName(String databaseName) {
    this.databaseName = databaseName;
  }

  public MasterCredentialsSpec getMasterCredentials() {
    return masterCredentials;
  }

  public void setMasterCredentials(MasterCredentialsSpec masterCredentials) {
    this.masterCredentials = masterCredentials;
  }

  public SnapshotSource getRestoreFromSnapshot() {
    return restoreFromSnapshot;
  }

  public void setRestoreFromSnapshot(SnapshotSource restoreFromSnapshot) {
    this.restoreFromSnapshot = restoreFromSnapshot;
  }

  public boolean isAdoptExisting() {
    return adoptExisting;
  }

  public void setAdoptExisting(boolean adoptExisting) {
    this.adoptExisting = adoptExisting;
  }

  public DeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }

  public ConnectionSecretSpec getConnectionSecret() {
    return connectionSecret;
  }

  public void setConnectionSecret(ConnectionSecretSpec connectionSecret) {
    this.connectionSecret = connectionSecret;
  }

  public MonitoringSpec getMonitoring() {
    return monitoring;
  }

  public void setMonitoring(MonitoringSpec monitoring) {
    this.monitoring = monitoring;
  }
}
