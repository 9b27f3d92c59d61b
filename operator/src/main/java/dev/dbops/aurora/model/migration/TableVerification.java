package dev.dbops.aurora.model.migration;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Source and target figures of one table. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TableVerification {

  @JsonPropertyDescription("Database.")
  private String database;

  @JsonPropertyDescription("schema.table.")
  private String table;

  @JsonPropertyDescription("Rows in the source.")
  private Long sourceRows;

  @JsonPropertyDescription("Rows in the target.")
  private Long targetRows;

  @JsonPropertyDescription("Checksum in the source.")
  private String sourceChecksum;

  @JsonPropertyDescription("Checksum in the target.")
  private String targetChecksum;

  @JsonPropertyDescription("True when the figures agree.")
  private boolean matches;

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

  public Long getSourceRows() {
    return sourceRows;
  }

  public void setSourceRows(Long sourceRows) {
    this.sourceRows = sourceRows;
  }

  public Long getTargetRows() {
    return targetRows;
  }

  public void setTargetRows(Long targetRows) {
    this.targetRows = targetRows;
  }

  public String getSourceChecksum() {
    return sourceChecksum;
  }

  public void setSourceChecksum(String sourceChecksum) {
    this.sourceChecksum = sourceChecksum;
  }

  public String getTargetChecksum() {
    return targetChecksum;
  }

  public void setTargetChecksum(String targetChecksum) {
    this.targetChecksum = targetChecksum;
  }

  public boolean isMatches() {
    return matches;
  }

  public void setMatches(boolean matches) {
    this.matches = matches;
  }
}
