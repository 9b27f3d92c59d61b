package dev.dbops.aurora.model.migration;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** The target cluster. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TargetStatus {

  @JsonPropertyDescription("Target cluster identifier.")
  private String identifier;

  @JsonPropertyDescription("Target cluster ARN.")
  private String arn;

  @JsonPropertyDescription("Writer endpoint.")
  private String endpoint;

  @JsonPropertyDescription("Reader endpoint.")
  private String readerEndpoint;

  @JsonPropertyDescription("Engine version AWS reports.")
  private String engineVersion;

  @JsonPropertyDescription("Instance identifiers.")
  private List<String> instances = new ArrayList<>();

  @JsonPropertyDescription("Databases whose default_transaction_read_only=on, carried over by the snapshot from the operator's switch on the source, was removed on the target.")
  private List<String> readOnlySettingsRemoved;

  @JsonPropertyDescription("When pg_db_role_setting on the target was read back without any setting the operator placed (RFC 3339): new sessions on the target start writable.")
  private String writableVerifiedAt;

  @JsonPropertyDescription("Whether the operator's RestoreDBClusterFromSnapshot asked for DeletionProtection (spec.target.deletionProtection), recorded before the request. A rollback that deletes the target lifts deletion protection only when this is true; when it is false or absent, protection found on the target was set by someone else (or cannot be told apart) and is left for a person.")
  private Boolean deletionProtectionSetByRestore;

  public String getIdentifier() {
    return identifier;
  }

  public void setIdentifier(String identifier) {
    this.identifier = identifier;
  }

  public String getArn() {
    return arn;
  }

  public void setArn(String arn) {
    this.arn = arn;
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

  public String getEngineVersion() {
    return engineVersion;
  }

  public void setEngineVersion(String engineVersion) {
    this.engineVersion = engineVersion;
  }

  public List<String> getInstances() {
    return instances;
  }

  public void setInstances(List<String> instances) {
    this.instances = instances;
  }

  public List<String> getReadOnlySettingsRemoved() {
    return readOnlySettingsRemoved;
  }

  public void setReadOnlySettingsRemoved(List<String> readOnlySettingsRemoved) {
    this.readOnlySettingsRemoved = readOnlySettingsRemoved;
  }

  public String getWritableVerifiedAt() {
    return writableVerifiedAt;
  }

  public void setWritableVerifiedAt(String writableVerifiedAt) {
    this.writableVerifiedAt = writableVerifiedAt;
  }

  public Boolean getDeletionProtectionSetByRestore() {
    return deletionProtectionSetByRestore;
  }

  public void setDeletionProtectionSetByRestore(Boolean deletionProtectionSetByRestore) {
    this.deletionProtectionSetByRestore = deletionProtectionSetByRestore;
  }
}
