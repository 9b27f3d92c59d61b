package dev.dbops.aurora.model.migration;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.dbops.aurora.model.MonitoringStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** Progress of the migration; the operator's durable memory of it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AuroraMigrationStatus {

  @JsonPropertyDescription("Where the migration is.")
  private MigrationPhase phase;

  @JsonPropertyDescription("Ready, Progressing and Degraded.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("Generation of the spec last acted on.")
  private Long observedGeneration;

  @JsonPropertyDescription("The strategy this migration runs: spec.strategy, with Auto resolved by preflight.")
  private MigrationStrategy strategy;

  @JsonPropertyDescription("spec.strategy when preflight resolved it; a later change holds the migration once it has started.")
  private MigrationStrategy requestedStrategy;

  @JsonPropertyDescription("What the BlueGreen strategy did and the downtime it caused.")
  private BlueGreenStatus blueGreen;

  @JsonPropertyDescription("Step being worked on.")
  private String currentStep;

  @JsonPropertyDescription("How far the current step's long wait is, e.g. \"snapshot 45%\" or \"tables 3/12\"; cleared when the step ends.")
  private String stepProgress;

  @JsonPropertyDescription("Every step with its state.")
  private List<StepStatus> steps = new ArrayList<>();

  @JsonPropertyDescription("The source as observed.")
  private SourceStatus source;

  @JsonPropertyDescription("Engine versions the target goes through, ending at the target version.")
  private List<String> upgradePath = new ArrayList<>();

  @JsonPropertyDescription("Version the migration ends on.")
  private String targetEngineVersion;

  @JsonPropertyDescription("Parameter group family of the target version.")
  private String targetParameterGroupFamily;

  @JsonPropertyDescription("How the source's own DB cluster parameter group is carried to the target (set by preflight when the source has one and spec.target.clusterParameterGroupName is unset).")
  private ParameterGroupsStatus parameterGroups;

  @JsonPropertyDescription("Preflight findings.")
  private List<Finding> findings = new ArrayList<>();

  @JsonPropertyDescription("What preflight learned beyond the findings that gate this migration.")
  private PreflightStatus preflight;

  @JsonPropertyDescription("Every AWS call and SQL step, in order (written by preflight).")
  private List<String> plan = new ArrayList<>();

  @JsonPropertyDescription("Snapshot of the source.")
  private SnapshotStatus snapshot;

  @JsonPropertyDescription("The target cluster.")
  private TargetStatus target;

  @JsonPropertyDescription("Verification result.")
  private VerificationStatus verification;

  @JsonPropertyDescription("The application's statements checked on the target (StatementCheck step).")
  private StatementCheckStatus statementCheck;

  @JsonPropertyDescription("After cutover: the target's top statements and read/write split, refreshed at most hourly.")
  private TargetWorkloadStatus targetWorkload;

  @JsonPropertyDescription("The read-only window.")
  private ReadOnlyWindowStatus readOnlyWindow;

  @JsonPropertyDescription("Writes to the source after the snapshot point: baseline, checks and what they found.")
  private WriteFenceStatus writeFence;

  @JsonPropertyDescription("What rollback did.")
  private RollbackStatus rollback;

  @JsonPropertyDescription("The source after cutover, when sourceRetirement.action is Stop.")
  private SourceRetirementStatus sourceRetirement;

  @JsonPropertyDescription("Cost before and after.")
  private CostComparison cost;

  @JsonPropertyDescription("Monitoring of the target.")
  private MonitoringStatus monitoring;

  @JsonPropertyDescription("The applications at cutover: restarts, sessions left on the source, routing checks.")
  private AppsCutoverStatus apps;

  @JsonPropertyDescription("Summary for humans: what happens next, or how to recover.")
  private String message;

  public MigrationPhase getPhase() {
    return phase;
  }

  public void setPhase(MigrationPhase phase) {
    this.phase = phase;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public MigrationStrategy getStrategy() {
    return strategy;
  }

  public void setStrategy(MigrationStrategy strategy) {
    this.strategy = strategy;
  }

  public MigrationStrategy getRequestedStrategy() {
    return requestedStrategy;
  }

  public void setRequestedStrategy(MigrationStrategy requestedStrategy) {
    this.requestedStrategy = requestedStrategy;
  }

  public BlueGreenStatus getBlueGreen() {
    return blueGreen;
  }

  public void setBlueGreen(BlueGreenStatus blueGreen) {
    this.blueGreen = blueGreen;
  }

  /** The BlueGreen status, created on first use. */
  public BlueGreenStatus blueGreen() {
    if (blueGreen == null) {
      blueGreen = new BlueGreenStatus();
    }
    return blueGreen;
  }

  public String getCurrentStep() {
    return currentStep;
  }

  public void setCurrentStep(String currentStep) {
    this.currentStep = currentStep;
  }

  public String getStepProgress() {
    return stepProgress;
  }

  public void setStepProgress(String stepProgress) {
    this.stepProgress = stepProgress;
  }

  public List<StepStatus> getSteps() {
    return steps;
  }

  public void setSteps(List<StepStatus> steps) {
    this.steps = steps;
  }

  public SourceStatus getSource() {
    return source;
  }

  public void setSource(SourceStatus source) {
    this.source = source;
  }

  public List<String> getUpgradePath() {
    return upgradePath;
  }

  public void setUpgradePath(List<String> upgradePath) {
    this.upgradePath = upgradePath;
  }

  public String getTargetEngineVersion() {
    return targetEngineVersion;
  }

  public void setTargetEngineVersion(String targetEngineVersion) {
    this.targetEngineVersion = targetEngineVersion;
  }

  public String getTargetParameterGroupFamily() {
    return targetParameterGroupFamily;
  }

  public void setTargetParameterGroupFamily(String targetParameterGroupFamily) {
    this.targetParameterGroupFamily = targetParameterGroupFamily;
  }

  public PreflightStatus getPreflight() {
    return preflight;
  }

  public void setPreflight(PreflightStatus preflight) {
    this.preflight = preflight;
  }

  public ParameterGroupsStatus getParameterGroups() {
    return parameterGroups;
  }

  public void setParameterGroups(ParameterGroupsStatus parameterGroups) {
    this.parameterGroups = parameterGroups;
  }

  public List<Finding> getFindings() {
    return findings;
  }

  public void setFindings(List<Finding> findings) {
    this.findings = findings;
  }

  public List<String> getPlan() {
    return plan;
  }

  public void setPlan(List<String> plan) {
    this.plan = plan;
  }

  public SnapshotStatus getSnapshot() {
    return snapshot;
  }

  public void setSnapshot(SnapshotStatus snapshot) {
    this.snapshot = snapshot;
  }

  public TargetStatus getTarget() {
    return target;
  }

  public void setTarget(TargetStatus target) {
    this.target = target;
  }

  public VerificationStatus getVerification() {
    return verification;
  }

  public void setVerification(VerificationStatus verification) {
    this.verification = verification;
  }

  public ReadOnlyWindowStatus getReadOnlyWindow() {
    return readOnlyWindow;
  }

  public void setReadOnlyWindow(ReadOnlyWindowStatus readOnlyWindow) {
    this.readOnlyWindow = readOnlyWindow;
  }

  public RollbackStatus getRollback() {
    return rollback;
  }

  public void setRollback(RollbackStatus rollback) {
    this.rollback = rollback;
  }

  public SourceRetirementStatus getSourceRetirement() {
    return sourceRetirement;
  }

  public void setSourceRetirement(SourceRetirementStatus sourceRetirement) {
    this.sourceRetirement = sourceRetirement;
  }

  public CostComparison getCost() {
    return cost;
  }

  public void setCost(CostComparison cost) {
    this.cost = cost;
  }

  public AppsCutoverStatus getApps() {
    return apps;
  }

  public void setApps(AppsCutoverStatus apps) {
    this.apps = apps;
  }

  /** The apps status, created on first use. */
  public AppsCutoverStatus apps() {
    if (apps == null) {
      apps = new AppsCutoverStatus();
    }
    return apps;
  }

  public MonitoringStatus getMonitoring() {
    return monitoring;
  }

  public void setMonitoring(MonitoringStatus monitoring) {
    this.monitoring = monitoring;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public WriteFenceStatus getWriteFence() {
    return writeFence;
  }

  public void setWriteFence(WriteFenceStatus writeFence) {
    this.writeFence = writeFence;
  }

  public StatementCheckStatus getStatementCheck() {
    return statementCheck;
  }

  public void setStatementCheck(StatementCheckStatus statementCheck) {
    this.statementCheck = statementCheck;
  }

  public TargetWorkloadStatus getTargetWorkload() {
    return targetWorkload;
  }

  public void setTargetWorkload(TargetWorkloadStatus targetWorkload) {
    this.targetWorkload = targetWorkload;
  }
}
