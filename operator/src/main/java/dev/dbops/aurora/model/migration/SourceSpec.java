package dev.dbops.aurora.model.migration;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.dbops.aurora.model.ConnectionOverrideSpec;
import dev.dbops.aurora.model.SecretKeyRef;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** The cluster to migrate from and how to reach its databases. */
public class SourceSpec {

  @JsonPropertyDescription("Source DB cluster identifier, lower case as RDS lists it (Serverless v1, provisioned or Serverless v2 on PostgreSQL 11/13).")
  @Required
  // Lower case only: RDS stores identifiers lower-cased, so a mixed-case name would never match what AWS lists.
  @Pattern("^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
  @Size(max = 63)
  @ValidationRule(value = "self == oldSelf", message = "source.clusterIdentifier is immutable")
  private String clusterIdentifier;

  @JsonPropertyDescription("AWS region of source and target; the operator's default region when empty.")
  @Pattern("^[a-z]{2}(-[a-z]+)+-[0-9]$")
  private String region;

  @JsonPropertyDescription("User the operator connects as; needs to own or be superuser of the databases (rds_superuser).")
  @Required
  private String username;

  @JsonPropertyDescription("Secret key holding that user's password.")
  @Required
  private SecretKeyRef passwordSecretRef;

  @JsonPropertyDescription("Database to connect to for cluster-wide checks.")
  @Default("postgres")
  private String database;

  @JsonPropertyDescription("Databases to make read-only and verify; default all non-template databases.")
  private List<String> databases;

  @JsonPropertyDescription("Host/port override to reach the source endpoint.")
  private ConnectionOverrideSpec connection;

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

  public String getUsername() {
    return username;
  }

  public void setUsername(String username) {
    this.username = username;
  }

  public SecretKeyRef getPasswordSecretRef() {
    return passwordSecretRef;
  }

  public void setPasswordSecretRef(SecretKeyRef passwordSecretRef) {
    this.passwordSecretRef = passwordSecretRef;
  }

  public String getDatabase() {
    return database;
  }

  public void setDatabase(String database) {
    this.database = database;
  }

  public List<String> getDatabases() {
    return databases;
  }

  public void setDatabases(List<String> databases) {
    this.databases = databases;
  }

  public ConnectionOverrideSpec getConnection() {
    return connection;
  }

  public void setConnection(ConnectionOverrideSpec connection) {
    this.connection = connection;
  }
}
