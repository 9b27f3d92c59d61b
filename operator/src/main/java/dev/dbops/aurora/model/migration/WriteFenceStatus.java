package dev.dbops.aurora.model.migration;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** Evidence that no write reached the source after the snapshot point: a baseline of the source's write counters taken right before the snapshot, and the checks made before cutover. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WriteFenceStatus {

  @JsonPropertyDescription("When the baseline was read, right before the snapshot was requested (RFC 3339). A write between the baseline and the snapshot shows as a write: a false alarm, never a miss.")
  private String baselineAt;

  @JsonPropertyDescription("The source server's start time at the baseline; a restart or failover since then may have lost counts.")
  private String sourceStartedAt;

  @JsonPropertyDescription("Next transaction id at the baseline; for the record only, as ANALYZE also consumes ids.")
  private Long baselineTransactionId;

  @JsonPropertyDescription("Exact per-database totals at the baseline.")
  private List<DatabaseWriteBaseline> databases = new ArrayList<>();

  @JsonPropertyDescription("Per-table counters at the baseline, to name what was written; a table not listed had none. Capped (see tablesNotListed); the per-database totals stay exact.")
  private List<TableWrites> tables = new ArrayList<>();

  @JsonPropertyDescription("Tables beyond the cap of the tables list: their writes are still counted in the database totals.")
  private Integer tablesNotListed;

  @JsonPropertyDescription("Outcome of the last check: NoWritesDetected, WritesDetected or Unprovable.")
  private WriteFenceResult result;

  @JsonPropertyDescription("Rows inserted, updated or deleted on the source after the baseline, at the last check (sequence changes are listed under sequencesChanged).")
  private Long writesDetected;

  @JsonPropertyDescription("Tables written after the baseline, with the counts since then (capped).")
  private List<TableWrites> writes = new ArrayList<>();

  @JsonPropertyDescription("Databases whose sequences moved (nextval or setval) after the baseline.")
  private List<String> sequencesChanged = new ArrayList<>();

  @JsonPropertyDescription("Why the last check could not prove the absence of writes.")
  private String unprovableReason;

  @JsonPropertyDescription("The checks made (the most recent ones).")
  private List<WriteFenceCheck> checks = new ArrayList<>();

  @JsonPropertyDescription("When detected or unprovable writes were accepted through spec.cutover.acceptWritesAfterSnapshot.")
  private String acceptedAt;

  @JsonPropertyDescription("When the last check before cutover passed (or was accepted); the cutover repoints only after this.")
  private String clearedForCutoverAt;

  public String getBaselineAt() {
    return baselineAt;
  }

  public void setBaselineAt(String baselineAt) {
    this.baselineAt = baselineAt;
  }

  public String getSourceStartedAt() {
    return sourceStartedAt;
  }

  public void setSourceStartedAt(String sourceStartedAt) {
    this.sourceStartedAt = sourceStartedAt;
  }

  public Long getBaselineTransactionId() {
    return baselineTransactionId;
  }

  public void setBaselineTransactionId(Long baselineTransactionId) {
    this.baselineTransactionId = baselineTransactionId;
  }

  public List<DatabaseWriteBaseline> getDatabases() {
    return databases;
  }

  public void setDatabases(List<DatabaseWriteBaseline> databases) {
    this.databases = databases;
  }

  public List<TableWrites> getTables() {
    return tables;
  }

  public void setTables(List<TableWrites> tables) {
    this.tables = tables;
  }

  public Integer getTablesNotListed() {
    return tablesNotListed;
  }

  public void setTablesNotListed(Integer tablesNotListed) {
    this.tablesNotListed = tablesNotListed;
  }

  public WriteFenceResult getResult() {
    return result;
  }

  public void setResult(WriteFenceResult result) {
    this.result = result;
  }

  public Long getWritesDetected() {
    return writesDetected;
  }

  public void setWritesDetected(Long writesDetected) {
    this.writesDetected = writesDetected;
  }

  public List<TableWrites> getWrites() {
    return writes;
  }

  public void setWrites(List<TableWrites> writes) {
    this.writes = writes;
  }

  public List<String> getSequencesChanged() {
    return sequencesChanged;
  }

  public void setSequencesChanged(List<String> sequencesChanged) {
    this.sequencesChanged = sequencesChanged;
  }

  public String getUnprovableReason() {
    return unprovableReason;
  }

  public void setUnprovableReason(String unprovableReason) {
    this.unprovableReason = unprovableReason;
  }

  public List<WriteFenceCheck> getChecks() {
    return checks;
  }

  public void setChecks(List<WriteFenceCheck> checks) {
    this.checks = checks;
  }

  public String getAcceptedAt() {
    return acceptedAt;
  }

  public void setAcceptedAt(String acceptedAt) {
    this.acceptedAt = acceptedAt;
  }

  public String getClearedForCutoverAt() {
    return clearedForCutoverAt;
  }

  public void setClearedForCutoverAt(String clearedForCutoverAt) {
    this.clearedForCutoverAt = clearedForCutoverAt;
  }
}
