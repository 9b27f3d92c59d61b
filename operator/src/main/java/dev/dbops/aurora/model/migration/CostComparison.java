package dev.dbops.aurora.model.migration;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.dbops.aurora.model.CostStatus;

/** Estimated monthly compute cost before and after. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CostComparison {

  @JsonPropertyDescription("Source before the migration.")
  private CostStatus source;

  @JsonPropertyDescription("Target after the migration.")
  private CostStatus target;

  @JsonPropertyDescription("Change of the estimate in percent (negative is cheaper).")
  private Double changePercent;

  public CostStatus getSource() {
    return source;
  }

  public void setSource(CostStatus source) {
    this.source = source;
  }

  public CostStatus getTarget() {
    return target;
  }

  public void setTarget(CostStatus target) {
    this.target = target;
  }

  public Double getChangePercent() {
    return changePercent;
  }

  public void setChangePercent(Double changePercent) {
    this.changePercent = changePercent;
  }
}
