package dev.dbops.aurora.model.migration;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A statement whose estimated generic-plan cost grew on the target beyond spec.verification.statements.planCostRatio. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PlanRegression {

  @JsonPropertyDescription("The statement's queryid in the source's pg_stat_statements; absent for a supplied statement.")
  private String queryId;

  @JsonPropertyDescription("Where a supplied statement comes from: <configmap>/<key>#<n> (n from 1).")
  private String origin;

  @JsonPropertyDescription("Database the statement ran in.")
  private String database;

  @JsonPropertyDescription("Top plan node and its first descendants on the source, e.g. \"Aggregate > Index Only Scan\".")
  private String sourceNode;

  @JsonPropertyDescription("Estimated total cost on the source.")
  private Double sourceCost;

  @JsonPropertyDescription("Top plan node and its first descendants on the target, e.g. \"Aggregate > Seq Scan\".")
  private String targetNode;

  @JsonPropertyDescription("Estimated total cost on the target.")
  private Double targetCost;

  @JsonPropertyDescription("The normalized statement (constants as $n), cut at 200 characters.")
  private String statement;

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

  public String getSourceNode() {
    return sourceNode;
  }

  public void setSourceNode(String sourceNode) {
    this.sourceNode = sourceNode;
  }

  public Double getSourceCost() {
    return sourceCost;
  }

  public void setSourceCost(Double sourceCost) {
    this.sourceCost = sourceCost;
  }

  public String getTargetNode() {
    return targetNode;
  }

  public void setTargetNode(String targetNode) {
    this.targetNode = targetNode;
  }

  public Double getTargetCost() {
    return targetCost;
  }

  public void setTargetCost(Double targetCost) {
    this.targetCost = targetCost;
  }

  public String getStatement() {
    return statement;
  }

  public void setStatement(String statement) {
    this.statement = statement;
  }
}
