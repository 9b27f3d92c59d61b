package dev.dbops.aurora.model.migration;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** What the StatementCheck step found: the application's statements prepared and planned on the target. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StatementCheckStatus {

  @JsonPropertyDescription("Statements taken from the source's pg_stat_statements.")
  private Integer collected;

  @JsonPropertyDescription("Statements supplied in the ConfigMaps of spec.verification.statements.configMapRefs (one per "
      + "database it is checked in).")
  private Integer supplied;

  @JsonPropertyDescription("Statements prepared on the target (parsed and analysed there).")
  private Integer checked;

  @JsonPropertyDescription("Statements the target refused although the source prepares them.")
  private Integer failed;

  @JsonPropertyDescription("Of the failed, those listed in allowFailures.")
  private Integer allowed;

  @JsonPropertyDescription("Statements that cannot be checked by PREPARE alone (the source refuses them too, e.g. "
      + "parameter types that cannot be inferred, 42P18), or are not one SELECT/INSERT/UPDATE/DELETE.")
  private Integer notCheckable;

  @JsonPropertyDescription("Statements whose estimated cost grew beyond planCostRatio.")
  private Integer planRegressions;

  @JsonPropertyDescription("Parameterless reads run on both sides and compared (compareResults).")
  private Integer resultsCompared;

  @JsonPropertyDescription("Of those, the ones whose row count or checksum differs; the report ConfigMap has both sides.")
  private Integer resultMismatches;

  @JsonPropertyDescription("Parameterless reads that could not be compared: a timeout, a write the read-only "
      + "transaction refused, an error on one side.")
  private Integer resultsNotCompared;

  @JsonPropertyDescription("Warnings, e.g. a database without pg_stat_statements and how to enable it.")
  private List<String> warnings = new ArrayList<>();

  @JsonPropertyDescription("The first failures (up to 10).")
  private List<StatementFailure> failures = new ArrayList<>();

  @JsonPropertyDescription("The first plan regressions (up to 10).")
  private List<PlanRegression> regressions = new ArrayList<>();

  @JsonPropertyDescription("ConfigMap (owned by this AuroraMigration) with every finding and each statement's whole text.")
  private String report;

  @JsonPropertyDescription("The value of the annotation aurora.dbops.dev/recheck-statements when this check ran: a new "
      + "value runs the check again (once) after it has passed and before cutover starts.")
  private String recheck;

  @JsonPropertyDescription("When the check ended.")
  private String finishedAt;

  public Integer getCollected() {
    return collected;
  }

  public void setCollected(Integer collected) {
    this.collected = collected;
  }

  public Integer getSupplied() {
    return supplied;
  }

  public void setSupplied(Integer supplied) {
    this.supplied = supplied;
  }

  public Integer getChecked() {
    return checked;
  }

  public void setChecked(Integer checked) {
    this.checked = checked;
  }

  public Integer getFailed() {
    return failed;
  }

  public void setFailed(Integer failed) {
    this.failed = failed;
  }

  public Integer getAllowed() {
    return allowed;
  }

  public void setAllowed(Integer allowed) {
    this.allowed = allowed;
  }

  public Integer getNotCheckable() {
    return notCheckable;
  }

  public void setNotCheckable(Integer notCheckable) {
    this.notCheckable = notCheckable;
  }

  public Integer getPlanRegressions() {
    return planRegressions;
  }

  public void setPlanRegressions(Integer planRegressions) {
    this.planRegressions = planRegressions;
  }

  public Integer getResultsCompared() {
    return resultsCompared;
  }

  public void setResultsCompared(Integer resultsCompared) {
    this.resultsCompared = resultsCompared;
  }

  public Integer getResultMismatches() {
    return resultMismatches;
  }

  public void setResultMismatches(Integer resultMismatches) {
    this.resultMismatches = resultMismatches;
  }

  public Integer getResultsNotCompared() {
    return resultsNotCompared;
  }

  public void setResultsNotCompared(Integer resultsNotCompared) {
    this.resultsNotCompared = resultsNotCompared;
  }

  public List<String> getWarnings() {
    return warnings;
  }

  public void setWarnings(List<String> warnings) {
    this.warnings = warnings;
  }

  public List<StatementFailure> getFailures() {
    return failures;
  }

  public void setFailures(List<StatementFailure> failures) {
    this.failures = failures;
  }

  public List<PlanRegression> getRegressions() {
    return regressions;
  }

  public void setRegressions(List<PlanRegression> regressions) {
    this.regressions = regressions;
  }

  public String getRecheck() {
    return recheck;
  }

  public void setRecheck(String recheck) {
    this.recheck = recheck;
  }

  public String getFinishedAt() {
    return finishedAt;
  }

  public void setFinishedAt(String finishedAt) {
    this.finishedAt = finishedAt;
  }

  public String getReport() {
    return report;
  }

  public void setReport(String report) {
    this.report = report;
  }
}
