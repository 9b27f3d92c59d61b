package dev.dbops.aurora.model.migration;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Rows inserted, updated and deleted in one table. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TableWrites {

  @JsonPropertyDescription("Database name.")
  private String database;

  @JsonPropertyDescription("schema.table (pg_catalog tables stand for large objects and DDL).")
  private String table;

  @JsonPropertyDescription("Rows inserted.")
  private Long inserts;

  @JsonPropertyDescription("Rows updated.")
  private Long updates;

  @JsonPropertyDescription("Rows deleted.")
  private Long deletes;

  public String getDatabase() {
    return database;
  }

  public void setDatabase(String database) {
    this.database = database;
  }

  public String getTable() {
    return table;
  }

  public void setTable(String table) {
    this.table = table;
  }

  public Long getInserts() {
    return inserts;
  }

  public void setInserts(Long inserts) {
    this.inserts = inserts;
  }

  public Long getUpdates() {
    return updates;
  }

  public void setUpdates(Long updates) {
    this.updates = updates;
  }

  public Long getDeletes() {
    return deletes;
  }

  public void setDeletes(Long deletes) {
    this.deletes = deletes;
  }
}
