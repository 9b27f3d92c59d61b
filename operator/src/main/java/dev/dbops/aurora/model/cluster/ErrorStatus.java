package dev.dbops.aurora.model.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The last error the operator met. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ErrorStatus {

  @JsonPropertyDescription("AWS error code or operator reason.")
  private String reason;

  @JsonPropertyDescription("What went wrong, without secrets.")
  private String message;

  @JsonPropertyDescription("When it happened (RFC 3339).")
  private String time;

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public String getTime() {
    return time;
  }

  public void setTime(String time) {
    this.time = time;
  }
}
