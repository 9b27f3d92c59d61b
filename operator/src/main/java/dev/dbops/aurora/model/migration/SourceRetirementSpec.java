package dev.dbops.aurora.model.migration;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** What happens to the source after cutover. */
@ValidationRule(value = "self.action == 'Delete' || !has(self.delayMinutes)", message = "delayMinutes applies only to action Delete")
public class SourceRetirementSpec {

  @JsonPropertyDescription("Keep (read-only), Stop, or Delete after a final snapshot. AWS starts a stopped Aurora cluster again after seven days: with Stop the operator looks every hour after the migration completed and stops the source again (status.sourceRetirement); Delete retires it for good.")
  @Default("Keep")
  private RetirementAction action;

  @JsonPropertyDescription("With Delete: minutes to wait after cutover before deleting.")
  @Min(0)
  @Max(43200)
  private Integer delayMinutes;

  public RetirementAction getAction() {
    return action;
  }

  public void setAction(RetirementAction action) {
    this.action = action;
  }

  public Integer getDelayMinutes() {
    return delayMinutes;
  }

  public void setDelayMinutes(Integer delayMinutes) {
    this.delayMinutes = delayMinutes;
  }
}
