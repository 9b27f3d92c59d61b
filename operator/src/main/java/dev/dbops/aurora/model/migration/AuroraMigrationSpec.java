package dev.dbops.aurora.model.migration;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import dev.dbops.aurora.model.MonitoringSpec;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Default;

/** A migration of one Aurora PostgreSQL cluster to Serverless v2 on a newer major version. */
@ValidationRule(
    value = "has(self.target.clusterIdentifier) == has(oldSelf.target.clusterIdentifier)",
    message = "target.clusterIdentifier cannot be added or removed after creation")
@ValidationRule(
    value = "has(self.target.clusterIdentifier) || size(self.source.clusterIdentifier) <= 57",
    message = "source.clusterIdentifier is too long for the default target name <source>-v2: set target.clusterIdentifier")
public class AuroraMigrationSpec {

  @JsonPropertyDescription("SnapshotRestore (default), BlueGreen, or Auto (BlueGreen when preflight finds the source ready, else SnapshotRestore). Cannot change once steps after preflight have started.")
  @Default("SnapshotRestore")
  private MigrationStrategy strategy;

  @JsonPropertyDescription("Options of the BlueGreen strategy.")
  private BlueGreenSpec blueGreen;

  @JsonPropertyDescription("The cluster to migrate from.")
  @Required
  private SourceSpec source;

  @JsonPropertyDescription("The Serverless v2 cluster to create.")
  @Required
  private TargetSpec target;

  @JsonPropertyDescription("Making the source read-only.")
  private ReadOnlySpec readOnly;

  @JsonPropertyDescription("Comparing source and target.")
  private VerificationSpec verification;

  @JsonPropertyDescription("Moving apps to the target.")
  private CutoverSpec cutover;

  @JsonPropertyDescription("The source after cutover.")
  private SourceRetirementSpec sourceRetirement;

  @JsonPropertyDescription("Rolling back.")
  private RollbackSpec rollback;

  @JsonPropertyDescription("Stop after preflight and write the plan to status; change nothing.")
  private boolean dryRun;

  @JsonPropertyDescription("Monitoring of the target cluster.")
  private MonitoringSpec monitoring;

  public MigrationStrategy getStrategy() {
    return strategy;
  }

  public void setStrategy(MigrationStrategy strategy) {
    this.strategy = strategy;
  }

  /** The strategy asked for; SnapshotRestore when unset, as every migration before strategies existed. */
  public MigrationStrategy strategyOrDefault() {
    return strategy == null ? MigrationStrategy.SnapshotRestore : strategy;
  }

  public BlueGreenSpec getBlueGreen() {
    return blueGreen;
  }

  public void setBlueGreen(BlueGreenSpec blueGreen) {
    this.blueGreen = blueGreen;
  }

  /** The BlueGreen options, defaults where unset. */
  public BlueGreenSpec blueGreenOrDefault() {
    return blueGreen == null ? new BlueGreenSpec() : blueGreen;
  }

  public SourceSpec getSource() {
    return source;
  }

  public void setSource(SourceSpec source) {
    this.source = source;
  }

  public TargetSpec getTarget() {
    return target;
  }

  public void setTarget(TargetSpec target) {
    this.target = target;
  }

  public ReadOnlySpec getReadOnly() {
    return readOnly;
  }

  public void setReadOnly(ReadOnlySpec readOnly) {
    this.readOnly = readOnly;
  }

  public VerificationSpec getVerification() {
    return verification;
  }

  public void setVerification(VerificationSpec verification) {
    this.verification = verification;
  }

  public CutoverSpec getCutover() {
    return cutover;
  }

  public void setCutover(CutoverSpec cutover) {
    this.cutover = cutover;
  }

  public SourceRetirementSpec getSourceRetirement() {
    return sourceRetirement;
  }

  public void setSourceRetirement(SourceRetirementSpec sourceRetirement) {
    this.sourceRetirement = sourceRetirement;
  }

  public RollbackSpec getRollback() {
    return rollback;
  }

  public void setRollback(RollbackSpec rollback) {
    this.rollback = rollback;
  }

  public boolean isDryRun() {
    return dryRun;
  }

  public void setDryRun(boolean dryRun) {
    this.dryRun = dryRun;
  }

  public MonitoringSpec getMonitoring() {
    return monitoring;
  }

  public void setMonitoring(MonitoringSpec monitoring) {
    this.monitoring = monitoring;
  }
}
