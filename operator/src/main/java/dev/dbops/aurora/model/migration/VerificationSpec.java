package dev.dbops.aurora.model.migration;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import java.util.List;

/** How source and target are compared before cutover. */
public class VerificationSpec {

  @JsonPropertyDescription("Compare a checksum of every table's rows as well as row counts (reads every row).")
  private boolean checksums;

  @JsonPropertyDescription("Workers: each reads a table, or a primary-key range of a large one, on source and"
      + " target at the same time (one connection per side each). Up to the servers' vCPUs speeds verification up.")
  @Min(1)
  @Max(32)
  @Default("4")
  private Integer parallelism;

  @JsonPropertyDescription("Verification speed assumed for the dry-run plan's time estimate: MiB of table data per"
      + " second per worker, each worker reading source and target at once (bench/verify.sh measures it).")
  @Min(1)
  @Max(10000)
  @Default("50")
  private Integer expectedMiBPerSecondPerWorker;

  @JsonPropertyDescription("Tables left out, as schema.table.")
  private List<String> excludeTables;

  @JsonPropertyDescription("The application's statements from the source's pg_stat_statements, prepared and planned "
      + "on the upgraded target before cutover (see docs/statement-check.md).")
  private StatementCheckSpec statements;

  public boolean isChecksums() {
    return checksums;
  }

  public void setChecksums(boolean checksums) {
    this.checksums = checksums;
  }

  public Integer getParallelism() {
    return parallelism;
  }

  public void setParallelism(Integer parallelism) {
    this.parallelism = parallelism;
  }

  public Integer getExpectedMiBPerSecondPerWorker() {
    return expectedMiBPerSecondPerWorker;
  }

  public void setExpectedMiBPerSecondPerWorker(Integer expectedMiBPerSecondPerWorker) {
    this.expectedMiBPerSecondPerWorker = expectedMiBPerSecondPerWorker;
  }

  public List<String> getExcludeTables() {
    return excludeTables;
  }

  public void setExcludeTables(List<String> excludeTables) {
    this.excludeTables = excludeTables;
  }

  public StatementCheckSpec getStatements() {
    return statements;
  }

  public void setStatements(StatementCheckSpec statements) {
    this.statements = statements;
  }
}
