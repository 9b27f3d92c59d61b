package dev.dbops.aurora.model.migration;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A parameter of the source's group that the target cannot carry: its family no longer has it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DroppedParameter {

  @JsonPropertyDescription("Parameter name.")
  private String name;

  @JsonPropertyDescription("Value on the source's group.")
  private String value;

  @JsonPropertyDescription("First family without it, e.g. aurora-postgresql15.")
  private String family;

  @JsonPropertyDescription("Why it is gone and what replaces it, if anything.")
  private String reason;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getValue() {
    return value;
  }

  public void setValue(String value) {
    this.value = value;
  }

  public String getFamily() {
    return family;
  }

  public void setFamily(String family) {
    this.family = family;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }
}
