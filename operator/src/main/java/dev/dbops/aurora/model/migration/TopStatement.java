package dev.dbops.aurora.model.migration;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One of the target's statements with the most total time since its statistics were last reset. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TopStatement {

  @JsonPropertyDescription("queryid in the target's pg_stat_statements.")
  private String queryId;

  @JsonPropertyDescription("Database it runs in.")
  private String database;

  @JsonPropertyDescription("Calls counted.")
  private Long calls;

  @JsonPropertyDescription("Total planning and execution time, ms.")
  private Double totalMillis;

  @JsonPropertyDescription("The normalized statement, cut at 200 characters.")
  private String statement;

  public String getQueryId() {
    return queryId;
  }

  public void setQueryId(String queryId) {
    this.queryId = queryId;
  }

  public String getDatabase() {
    return database;
  }

  public void setDatabase(String database) {
    this.database = database;
  }

  public Long getCalls() {
    return calls;
  }

  public void setCalls(Long calls) {
    this.calls = calls;
  }

  public Double getTotalMillis() {
    return totalMillis;
  }

  public void setTotalMillis(Double totalMillis) {
    this.totalMillis = totalMillis;
  }

  public String getStatement() {
    return statement;
  }

  public void setStatement(String statement) {
    this.statement = statement;
  }
}
