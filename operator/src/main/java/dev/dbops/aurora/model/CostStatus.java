package dev.dbops.aurora.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Capacity used over a window and its estimated monthly cost. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CostStatus {

  @JsonPropertyDescription("Start of the window (RFC 3339).")
  private String windowStart;

  @JsonPropertyDescription("End of the window (RFC 3339).")
  private String windowEnd;

  @JsonPropertyDescription("ACU-hours used in the window.")
  private Double acuHours;

  @JsonPropertyDescription("ACU-hours scaled to 30 days times pricePerAcuHour, in USD.")
  private Double estimatedMonthlyCost;

  public String getWindowStart() {
    return windowStart;
  }

  public void setWindowStart(String windowStart) {
    this.windowStart = windowStart;
  }

  public String getWindowEnd() {
    return windowEnd;
  }

  public void setWindowEnd(String windowEnd) {
    this.windowEnd = windowEnd;
  }

  public Double getAcuHours() {
    return acuHours;
  }

  public void setAcuHours(Double acuHours) {
    this.acuHours = acuHours;
  }

  public Double getEstimatedMonthlyCost() {
    return estimatedMonthlyCost;
  }

  public void setEstimatedMonthlyCost(Double estimatedMonthlyCost) {
    this.estimatedMonthlyCost = estimatedMonthlyCost;
  }
}
