package dev.dbops.aurora.model.migration;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.dbops.aurora.model.ConnectionOverrideSpec;
import dev.dbops.aurora.model.ServerlessClusterShape;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The Serverless v2 cluster to create; its shape is shared with DatabaseCluster and handed over to one at cutover. */
public class TargetSpec extends ServerlessClusterShape {

  @JsonPropertyDescription("Target DB cluster identifier, lower case (default <source>-v2).")
  // Lower case only: RDS stores identifiers lower-cased, so a mixed-case name would never match what AWS lists.
  @Pattern("^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
  @Size(max = 60)
  @ValidationRule(value = "self == oldSelf", message = "target.clusterIdentifier is immutable")
  private String clusterIdentifier;

  @JsonPropertyDescription("Target engine version (default the newest 15.x on the upgrade path).")
  @Pattern("^[0-9]+(\\.[0-9]+)*$")
  private String engineVersion;

  @JsonPropertyDescription("Cluster parameter group of the target family. Default: when the source uses its own group, an operator-owned copy of the parameters set on it (see status.parameterGroups); otherwise default.aurora-postgresql<major>.")
  private String clusterParameterGroupName;

  @JsonPropertyDescription("DB parameter group of the target family for the instances (default default.aurora-postgresql<major>).")
  private String instanceParameterGroupName;

  @JsonPropertyDescription("AWS deletion protection on the target.")
  private boolean deletionProtection;

  @JsonPropertyDescription("Host/port override to reach the target endpoint.")
  private ConnectionOverrideSpec connection;

  public String getClusterIdentifier() {
    return clusterIdentifier;
  }

  public void setClusterIdentifier(String clusterIdentifier) {
    this.clusterIdentifier = clusterIdentifier;
  }

  public String getEngineVersion() {
    return engineVersion;
  }

  public void setEngineVersion(String engineVersion) {
    this.engineVersion = engineVersion;
  }

  public String getClusterParameterGroupName() {
    return clusterParameterGroupName;
  }

  public void setClusterParameterGroupName(String clusterParameterGroupName) {
    this.clusterParameterGroupName = clusterParameterGroupName;
  }

  public String getInstanceParameterGroupName() {
    return instanceParameterGroupName;
  }

  public void setInstanceParameterGroupName(String instanceParameterGroupName) {
    this.instanceParameterGroupName = instanceParameterGroupName;
  }

  public boolean isDeletionProtection() {
    return deletionProtection;
  }

  public void setDeletionProtection(boolean deletionProtection) {
    this.deletionProtection = deletionProtection;
  }

  public ConnectionOverrideSpec getConnection() {
    return connection;
  }

  public void setConnection(ConnectionOverrideSpec connection) {
    this.connection = connection;
  }
}
