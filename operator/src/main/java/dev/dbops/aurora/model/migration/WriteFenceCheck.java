package dev.dbops.aurora.model.migration;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One comparison of the source's write counters with the baseline. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WriteFenceCheck {

  @JsonPropertyDescription("When (RFC 3339).")
  private String at;

  @JsonPropertyDescription("The step that checked: Verify or Cutover.")
  private String step;

  @JsonPropertyDescription("What it found.")
  private WriteFenceResult result;

  @JsonPropertyDescription("Rows written since the baseline.")
  private Long writes;

  @JsonPropertyDescription("Source sessions ended so that they report their counts.")
  private Integer sessionsEnded;

  public String getAt() {
    return at;
  }

  public void setAt(String at) {
    this.at = at;
  }

  public String getStep() {
    return step;
  }

  public void setStep(String step) {
    this.step = step;
  }

  public WriteFenceResult getResult() {
    return result;
  }

  public void setResult(WriteFenceResult result) {
    this.result = result;
  }

  public Long getWrites() {
    return writes;
  }

  public void setWrites(Long writes) {
    this.writes = writes;
  }

  public Integer getSessionsEnded() {
    return sessionsEnded;
  }

  public void setSessionsEnded(Integer sessionsEnded) {
    this.sessionsEnded = sessionsEnded;
  }
}
