package dev.dbops.aurora.model.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * AWS refused a request for good (a terminal error): the operator does not call AWS for this spec
 * generation again before {@code until}. In status so a restarted operator keeps holding.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FailureHold {

  @JsonPropertyDescription("Spec generation that failed; a new generation is tried at once.")
  private Long generation;

  @JsonPropertyDescription("No AWS call for that generation before this time (RFC 3339).")
  private String until;

  public FailureHold() {}

  public FailureHold(long generation, String until) {
    this.generation = generation;
    this.until = until;
  }

  public Long getGeneration() {
    return generation;
  }

  public void setGeneration(Long generation) {
    this.generation = generation;
  }

  public String getUntil() {
    return until;
  }

  public void setUntil(String until) {
    this.until = until;
  }
}
