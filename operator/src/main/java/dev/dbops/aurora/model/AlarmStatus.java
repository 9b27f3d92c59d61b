package dev.dbops.aurora.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One CloudWatch alarm. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AlarmStatus {

  @JsonPropertyDescription("Alarm name.")
  private String name;

  @JsonPropertyDescription("OK, ALARM or INSUFFICIENT_DATA.")
  private String state;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getState() {
    return state;
  }

  public void setState(String state) {
    this.state = state;
  }
}
