package dev.dbops.aurora.model.migration;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A statement the target refused to prepare although the source prepares it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StatementFailure {

  @JsonPropertyDescription("The statement's queryid in the source's pg_stat_statements; absent for a supplied statement.")
  private String queryId;

  @JsonPropertyDescription("Where a supplied statement comes from: <configmap>/<key>#<n> (n from 1).")
  private String origin;

  @JsonPropertyDescription("Database the statement ran in.")
  private String database;

  @JsonPropertyDescription("SQLSTATE the target answered.")
  private String sqlState;

  @JsonPropertyDescription("The target's error message.")
  private String message;

  @JsonPropertyDescription("The normalized statement (constants as $n), cut at 200 characters.")
  private String statement;

  @JsonPropertyDescription("True when spec.verification.statements.allowFailures lists it.")
  private boolean allowed;

  public String getQueryId() {
    return queryId;
  }

  public void setQueryId(String queryId) {
    this.queryId = queryId;
  }

  public String getOrigin() {
    return origin;
  }

  public void setOrigin(String origin) {
    this.origin = origin;
  }

  public String getDatabase() {
    return database;
  }

  public void setDatabase(String database) {
    this.database = database;
  }

  public String getSqlState() {
    return sqlState;
  }

  public void setSqlState(String sqlState) {
    this.sqlState = sqlState;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public String getStatement() {
    return statement;
  }

  public void setStatement(String statement) {
    this.statement = statement;
  }

  public boolean isAllowed() {
    return allowed;
  }

  public void setAllowed(boolean allowed) {
    this.allowed = allowed;
  }
}
