package dev.dbops.aurora.model.migration;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Write counters of one source database at the baseline. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DatabaseWriteBaseline {

  @JsonPropertyDescription("Database name.")
  private String database;

  @JsonPropertyDescription("Rows inserted in user tables and system catalogs since the statistics reset.")
  private Long inserts;

  @JsonPropertyDescription("Rows updated, likewise.")
  private Long updates;

  @JsonPropertyDescription("Rows deleted, likewise.")
  private Long deletes;

  @JsonPropertyDescription("pg_stat_database.stats_reset; a change means the counters were reset and prove nothing.")
  private String statsReset;

  @JsonPropertyDescription("md5 of every sequence's last value.")
  private String sequencesDigest;

  @JsonPropertyDescription("Sequences the operator's role may not read; while any exist the check cannot cover them.")
  private Integer unreadableSequences;

  public String getDatabase() {
    return database;
  }

  public void setDatabase(String database) {
    this.database = database;
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

  public String getStatsReset() {
    return statsReset;
  }

  public void setStatsReset(String statsReset) {
    this.statsReset = statsReset;
  }

  public String getSequencesDigest() {
    return sequencesDigest;
  }

  public void setSequencesDigest(String sequencesDigest) {
    this.sequencesDigest = sequencesDigest;
  }

  public Integer getUnreadableSequences() {
    return unreadableSequences;
  }

  public void setUnreadableSequences(Integer unreadableSequences) {
    this.unreadableSequences = unreadableSequences;
  }
}
