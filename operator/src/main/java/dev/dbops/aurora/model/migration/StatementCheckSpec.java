package dev.dbops.aurora.model.migration;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** How the application's own statements, read from the source's pg_stat_statements, are checked on the target. */
public class StatementCheckSpec {

  @JsonPropertyDescription("Check the source's statements on the upgraded target before cutover (default true).")
  @Default("true")
  private Boolean enabled;

  @JsonPropertyDescription("Statements taken per database: the top N by total time and the top N by calls (default 200).")
  @Min(1)
  @Max(5000)
  @Default("200")
  private Integer limit;

  @JsonPropertyDescription("A statement whose estimated generic-plan cost on the target exceeds its cost on the source "
      + "by more than this factor is reported as a plan regression (default 2.0). Regressions are reported, not blocking.")
  @Min(1)
  @Max(1000000)
  private Double planCostRatio;

  @JsonPropertyDescription("Also run each parameterless read (SELECT, VALUES, TABLE, WITH) both sides prepare, on "
      + "source and target in READ ONLY transactions, and compare row count and an order-independent checksum of the "
      + "rows (default false). Mismatches are reported, not blocking.")
  private Boolean compareResults;

  @JsonPropertyDescription("statement_timeout of each such run, in seconds (default 5).")
  @Min(1)
  @Max(300)
  private Integer resultTimeoutSeconds;

  @JsonPropertyDescription("Statements whose failure on the target is accepted, so they do not block cutover: "
      + "queryids as pg_stat_statements shows them, or <configmap>/<key>#<n> for the n-th statement of a supplied file.")
  @ValidationRule(value = "self.all(q, q.matches('^(-?[0-9]{1,20}|[a-z0-9][-a-z0-9.]*/[-._a-zA-Z0-9]+#[0-9]{1,5})$'))",
      message = "allowFailures holds pg_stat_statements queryids (whole numbers, e.g. \"-7807822433144909498\") or "
          + "supplied statements as <configmap>/<key>#<n>, e.g. \"orders-sql/reports.sql#2\"")
  // Bounded lengths keep the rule's estimated CEL cost inside the API server's budget (unbounded, it refuses the CRD).
  @Size(max = 500)
  private List<@Size(max = 180) String> allowFailures;

  @JsonPropertyDescription("ConfigMaps of .sql files with statements the team supplies (code paths that never ran on "
      + "the source), checked like the collected ones.")
  @Size(max = 20)
  private List<StatementFilesRef> configMapRefs;

  public boolean isEnabled() {
    return enabled == null || enabled;
  }

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public Integer getLimit() {
    return limit;
  }

  public void setLimit(Integer limit) {
    this.limit = limit;
  }

  public int limitOrDefault() {
    return limit == null ? 200 : limit;
  }

  public Double getPlanCostRatio() {
    return planCostRatio;
  }

  public void setPlanCostRatio(Double planCostRatio) {
    this.planCostRatio = planCostRatio;
  }

  public double planCostRatioOrDefault() {
    return planCostRatio == null ? 2.0 : planCostRatio;
  }

  public Boolean getCompareResults() {
    return compareResults;
  }

  public void setCompareResults(Boolean compareResults) {
    this.compareResults = compareResults;
  }

  public Integer getResultTimeoutSeconds() {
    return resultTimeoutSeconds;
  }

  public void setResultTimeoutSeconds(Integer resultTimeoutSeconds) {
    this.resultTimeoutSeconds = resultTimeoutSeconds;
  }

  /** The statement_timeout of each result run, when results are compared. */
  public java.util.Optional<java.time.Duration> resultTimeout() {
    if (compareResults == null || !compareResults) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(java.time.Duration.ofSeconds(resultTimeoutSeconds == null ? 5 : resultTimeoutSeconds));
  }

  public List<StatementFilesRef> getConfigMapRefs() {
    return configMapRefs;
  }

  public void setConfigMapRefs(List<StatementFilesRef> configMapRefs) {
    this.configMapRefs = configMapRefs;
  }

  public List<String> getAllowFailures() {
    return allowFailures;
  }

  public void setAllowFailures(List<String> allowFailures) {
    this.allowFailures = allowFailures;
  }
}
