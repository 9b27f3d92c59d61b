package dev.dbops.aurora.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** Serverless v2 capacity range, in Aurora capacity units (ACUs). */
@ValidationRule(value = "self.minCapacity <= self.maxCapacity", message = "minCapacity must not be greater than maxCapacity")
@ValidationRule(value = "!has(self.secondsUntilAutoPause) || self.minCapacity == 0.0", message = "secondsUntilAutoPause applies only when minCapacity is 0 (auto-pause)")
public class ScalingSpec {

  @JsonPropertyDescription("Lowest capacity in ACUs, 0 to 256 in steps of 0.5. 0 lets the cluster pause when idle (auto-pause).")
  @Min(0)
  @Max(256)
  @Default("0.5")
  @ValidationRule(value = "self * 2.0 == double(int(self * 2.0))", message = "minCapacity must be a multiple of 0.5 ACU")
  private Double minCapacity;

  @JsonPropertyDescription("Highest capacity in ACUs, 1 to 256 in steps of 0.5.")
  @Required
  @Min(1)
  @Max(256)
  @ValidationRule(value = "self * 2.0 == double(int(self * 2.0))", message = "maxCapacity must be a multiple of 0.5 ACU")
  private Double maxCapacity;

  @JsonPropertyDescription("With minCapacity 0: idle seconds before the cluster pauses, 300 to 86400.")
  @Min(300)
  @Max(86400)
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
