package dev.dbops.aurora.model.migration;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** The source as observed in preflight. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SourceStatus {

  @JsonPropertyDescription("Source cluster ARN.")
  private String arn;

  @JsonPropertyDescription("serverless (v1) or provisioned.")
  private String engineMode;

  @JsonPropertyDescription("Engine version.")
  private String engineVersion;

  @JsonPropertyDescription("Writer endpoint.")
  private String endpoint;

  @JsonPropertyDescription("ServerlessV1, Provisioned or ServerlessV2.")
  private String kind;

  @JsonPropertyDescription("Databases made read-only and verified.")
  private List<String> databases = new ArrayList<>();

  public String getArn() {
    return arn;
  }

  public void setArn(String arn) {
    this.arn = arn;
  }

  public String getEngineMode() {
    return engineMode;
  }

  public void setEngineMode(String engineMode) {
    this.engineMode = engineMode;
  }

  public String getEngineVersion() {
    return engineVersion;
  }

  public void setEngineVersion(String engineVersion) {
    this.engineVersion = engineVersion;
  }

  public String getEndpoint() {
    return endpoint;
  }

  public void setEndpoint(String endpoint) {
    this.endpoint = endpoint;
  }

  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }

  public List<String> getDatabases() {
    return databases;
  }

  public void setDatabases(List<String> databases) {
    this.databases = databases;
  }
}
