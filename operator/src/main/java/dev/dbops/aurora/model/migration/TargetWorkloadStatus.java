package dev.dbops.aurora.model.migration;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** After cutover: what the applications run on the target, from its pg_stat_statements, refreshed at most hourly. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TargetWorkloadStatus {

  @JsonPropertyDescription("Calls of reading statements (SELECT, VALUES, TABLE, WITH without a write).")
  private Long readCalls;

  @JsonPropertyDescription("Calls of writing statements (INSERT, UPDATE, DELETE, and WITH holding one).")
  private Long writeCalls;

  @JsonPropertyDescription("The statements with the most total time (up to 5).")
  private List<TopStatement> top = new ArrayList<>();

  @JsonPropertyDescription("Why there are no figures, e.g. pg_stat_statements missing on the target.")
  private String warning;

  @JsonPropertyDescription("When the figures were read.")
  private String refreshedAt;

  public Long getReadCalls() {
    return readCalls;
  }

  public void setReadCalls(Long readCalls) {
    this.readCalls = readCalls;
  }

  public Long getWriteCalls() {
    return writeCalls;
  }

  public void setWriteCalls(Long writeCalls) {
    this.writeCalls = writeCalls;
  }

  public List<TopStatement> getTop() {
    return top;
  }

  public void setTop(List<TopStatement> top) {
    this.top = top;
  }

  public String getWarning() {
    return warning;
  }

  public void setWarning(String warning) {
    this.warning = warning;
  }

  public String getRefreshedAt() {
    return refreshedAt;
  }

  public void setRefreshedAt(String refreshedAt) {
    this.refreshedAt = refreshedAt;
  }
}
