package dev.dbops.aurora.model.migration;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** Result of comparing source and target. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VerificationStatus {

  @JsonPropertyDescription("Tables compared.")
  private Integer tablesCompared;

  @JsonPropertyDescription("Tables that differ.")
  private Integer mismatches;

  @JsonPropertyDescription("Per-table figures.")
  private List<TableVerification> tables = new ArrayList<>();

  @JsonPropertyDescription("When verification ended.")
  private String finishedAt;

  public Integer getTablesCompared() {
    return tablesCompared;
  }

  public void setTablesCompared(Integer tablesCompared) {
    this.tablesCompared = tablesCompared;
  }

  public Integer getMismatches() {
    return mismatches;
  }

  public void setMismatches(Integer mismatches) {
    this.mismatches = mismatches;
  }

  public List<TableVerification> getTables() {
    return tables;
  }

  public void setTables(List<TableVerification> tables) {
    this.tables = tables;
  }

  public String getFinishedAt() {
    return finishedAt;
  }

  public void setFinishedAt(String finishedAt) {
    this.finishedAt = finishedAt;
  }
}
