package dev.dbops.aurora.model.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * A setting the operator sent to AWS that AWS has not shown yet: how often the same desired value was
 * sent against the same observed value, for one spec generation. Kept in status so a restarted operator
 * does not start counting again.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ChangeAttempt {

  @JsonPropertyDescription("The setting, e.g. scaling, backupRetentionDays or tags.<key>.")
  private String field;

  @JsonPropertyDescription("The value the spec asks for.")
  private String desired;

  @JsonPropertyDescription("The value AWS reported when the change was sent.")
  private String observed;

  @JsonPropertyDescription("How often this change was sent for these values; at the limit it is not sent again.")
  private Integer attempts;

  @JsonPropertyDescription("Spec generation the attempts belong to.")
  private Long generation;

  public ChangeAttempt() {}

  public ChangeAttempt(String field, String desired, String observed, int attempts, long generation) {
    this.field = field;
    this.desired = desired;
    this.observed = observed;
    this.attempts = attempts;
    this.generation = generation;
  }

  public String getField() {
    return field;
  }

  public void setField(String field) {
    this.field = field;
  }

  public String getDesired() {
    return desired;
  }

  public void setDesired(String desired) {
    this.desired = desired;
  }

  public String getObserved() {
    return observed;
  }

  public void setObserved(String observed) {
    this.observed = observed;
  }

  public Integer getAttempts() {
    return attempts;
  }

  public void setAttempts(Integer attempts) {
    this.attempts = attempts;
  }

  public Long getGeneration() {
    return generation;
  }

  public void setGeneration(Long generation) {
    this.generation = generation;
  }
}
