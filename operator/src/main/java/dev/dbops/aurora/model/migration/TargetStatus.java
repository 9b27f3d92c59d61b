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
}
