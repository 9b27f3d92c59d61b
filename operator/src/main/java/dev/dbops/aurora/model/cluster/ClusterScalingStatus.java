package dev.dbops.aurora.model.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Serverless v2 capacity as AWS reports it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClusterScalingStatus {

  @JsonPropertyDescription("Minimum ACUs.")
  private Double minCapacity;

  @JsonPropertyDescription("Maximum ACUs.")
  private Double maxCapacity;

  @JsonPropertyDescription("Seconds idle before pausing.")
  private Integer secondsUntilAutoPause;

  public Double getMinCapacity() {
    return minCapacity;
  }

  public void setMinCapacity(Double minCapacity) {
    this.minCapacity = minCapacity;
  }

  public Double getMaxCapacity() {
    return maxCapacity;
  }

  public void setMaxCapacity(Double maxCapacity) {
    this.maxCapacity = maxCapacity;
  }

  public Integer getSecondsUntilAutoPause() {
    return secondsUntilAutoPause;
  }

  public void setSecondsUntilAutoPause(Integer secondsUntilAutoPause) {
    this.secondsUntilAutoPause = secondsUntilAutoPause;
  }
}
