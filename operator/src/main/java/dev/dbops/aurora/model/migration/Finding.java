package dev.dbops.aurora.model.migration;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A preflight finding. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Finding {

  @JsonPropertyDescription("Check that found it.")
  private String check;

  @JsonPropertyDescription("Blocker or Warning.")
  private Severity severity;

  @JsonPropertyDescription("Database object concerned, e.g. db.schema.name.")
  private String object;

  @JsonPropertyDescription("What is wrong.")
  private String message;

  @JsonPropertyDescription("How to fix it before migrating.")
  private String advice;

  public String getCheck() {
    return check;
  }

  public void setCheck(String check) {
    this.check = check;
  }

  public Severity getSeverity() {
    return severity;
  }

  public void setSeverity(Severity severity) {
    this.severity = severity;
  }

  public String getObject() {
    return object;
  }

  public void setObject(String object) {
    this.object = object;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public String getAdvice() {
    return advice;
  }

  public void setAdvice(String advice) {
    this.advice = advice;
  }
}
