package dev.dbops.aurora.migration.steps;

import dev.dbops.aurora.upgrade.ParameterGroupFamily;
import dev.dbops.aurora.upgrade.EngineVersion;
import dev.dbops.aurora.aws.AuroraCluster;
import dev.dbops.aurora.migration.MigrationContext;
import dev.dbops.aurora.migration.MigrationNames;
import dev.dbops.aurora.migration.MigrationStep;
import dev.dbops.aurora.migration.StepResult;
import dev.dbops.aurora.migration.UpgradePlanner;
import dev.dbops.aurora.migration.bluegreen.BlueGreenReadiness;
import dev.dbops.aurora.migration.bluegreen.BlueGreenReadinessCheck;
import dev.dbops.aurora.migration.bluegreen.StrategyChoice;
import dev.dbops.aurora.model.migration.BlueGreenReadinessStatus;
import dev.dbops.aurora.model.migration.Finding;
import dev.dbops.aurora.model.migration.MigrationStrategy;
import dev.dbops.aurora.model.migration.ParameterGroupsStatus;
import dev.dbops.aurora.model.migration.PreflightStatus;
import dev.dbops.aurora.model.migration.Severity;
import dev.dbops.aurora.model.migration.SourceStatus;
import dev.dbops.aurora.model.migration.TargetSpec;
import dev.dbops.aurora.postgres.PostgresServer;
import dev.dbops.aurora.postgres.SchemaFinding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks everything that can be checked before anything changes: the source exists and is Aurora
 * PostgreSQL, an upgrade path to the target exists, the target name is free, and the source schema holds
 * nothing the target version rejects. Records what it learns; changes nothing.
 */
public final class PreflightStep implements MigrationStep {
  static final int FINDINGS_PER_CHECK = 10;
  public static final String NAME = "Preflight";
  private static final String DEFAULT_GROUP_PREFIX = "default.";
  private final UpgradePlanner upgradePlanner;

  public PreflightStep(UpgradePlanner upgradePlanner) {
    this.upgradePlanner = upgradePlanner;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean changesSource() {
    return false;
  }

  @Override
  public StepResult run(MigrationContext ctx) {
    MigrationNames names = ctx.names();
    Optional<AuroraCluster> found = ctx.sourceCluster();
    if (found.isEmpty()) {
      return StepResult.failed(
          "SourceNotFound", "source cluster " + names.sourceCluster() + " does not exist in " + ctx.region());
    }
    AuroraCluster source = found.get();
    if (!"aurora-postgresql".equals(source.engine())) {
      return StepResult.failed(
          "UnsupportedEngine", "source engine is " + source.engine() + "; only aurora-postgresql is migrated");
    }
    recordSource(ctx, source);

    Optional<StepResult> tracked = RoutingOwnershipCheck.check(ctx);
    if (tracked.isPresent()) {
      return tracked.get();
    }

    Optional<StepResult> targetTaken = checkTargetIsFree(ctx);
    if (targetTaken.isPresent()) {
      return targetTaken.get();
    }

    List<String> hops;
    try {
      hops = upgradePlanner.hops(ctx.clusters(), source.engineVersion(), ctx.spec().getTarget().getEngineVersion());
    } catch (IllegalArgumentException e) {
      return StepResult.failed("NoUpgradePath", e.getMessage());
    }
    String targetVersion = hops.isEmpty() ? source.engineVersion() : hops.get(hops.size() - 1);
    ctx.status().setUpgradePath(new ArrayList<>(hops));
    ctx.status().setTargetEngineVersion(targetVersion);
    ctx.status().setTargetParameterGroupFamily(ParameterGroupFamily.of(targetVersion).name());

    // RDS refuses a scaling the version cannot take (auto-pause, 256 ACU): found here, not mid-upgrade.
    TargetScalingCheck.Verdict scaling =
        TargetScalingCheck.of(ctx.clusters(), targetVersion, Capacities.of(ctx.spec().getTarget().getScaling()));
    if (scaling.refusal().isPresent()) {
      return StepResult.failed(
          "ScalingNotSupported",
          "spec.target.scaling: " + scaling.refusal().get() + "; choose a later spec.target.engineVersion or another range");
    }

    Optional<StepResult> unusableGroups = checkParameterGroups(ctx, targetVersion);
    if (unusableGroups.isPresent()) {
      return unusableGroups.get();
    }

    PostgresServer database = ctx.sourceDatabase();
    List<String> databases =
        ctx.spec().getSource().getDatabases() == null || ctx.spec().getSource().getDatabases().isEmpty()
            ? database.databases()
            : ctx.spec().getSource().getDatabases();
    ctx.status().getSource().setDatabases(new ArrayList<>(databases));

    List<SchemaFinding> findings = new ArrayList<>(database.preflight(databases, EngineVersion.parse(targetVersion).major()));
    ParameterGroupsStatus carryOver = planParameterCarryOver(ctx, source, hops);
    ctx.status().setParameterGroups(carryOver);
    findings.addAll(droppedParameters(carryOver));
    scaling.warning().ifPresent(findings::add);
    ctx.status().setFindings(findings.stream().map(PreflightStep::toFinding).toList());
    // Decides strategy Auto, and refuses strategy BlueGreen when not ready (resolveStrategy).
    BlueGreenReadiness blueGreen = StrategyChoice.withOptIns(ctx.spec(), BlueGreenReadinessCheck.assess(
        ctx.clusters(), source, () -> database.logicalReplicationFindings(databases)));
    ctx.status().setPreflight(preflightStatus(blueGreen));
    Optional<StepResult> strategyRefused = StrategyChoice.resolve(ctx, source, blueGreen);
    if (strategyRefused.isPresent()) {
      return strategyRefused.get();
    }
    List<SchemaFinding> blockers = findings.stream().filter(SchemaFinding::blocker).toList();
    if (!blockers.isEmpty()) {
      return StepResult.failed(
          "PreflightBlockers",
          blockers.size() + " blocker(s) must be fixed on the source before migrating: "
              + String.join("; ", blockers.stream().map(f -> f.check() + " " + f.object()).toList()));
    }
    return StepResult.done(
        "source " + source.engineVersion() + " (" + kind(source) + "), path " + String.join(" → ", hops)
            + ", " + databases.size() + " database(s), " + findings.size() + " warning(s)"
            + (carryOver == null ? "" : ", parameter group " + carryOver.getSourceGroup() + " carried over")
            + (blueGreen.ready() ? ", Blue/Green ready" : ", Blue/Green not ready (" + blueGreen.blockers().size() + " blocker(s))")
            + "; strategy " + ctx.status().getStrategy() + StrategyChoice.reason(ctx, blueGreen));
  }

  @Override
  public List<String> plan(MigrationContext ctx) {
    return List.of(
        "strategy " + ctx.spec().strategyOrDefault() + (ctx.spec().strategyOrDefault() == MigrationStrategy.Auto
            ? " → " + ctx.status().getStrategy() + " (BlueGreen when status.preflight.blueGreen.ready)" : ""),
        "rds:DescribeDBClusters " + ctx.names().sourceCluster(),
        "rds:DescribeDBEngineVersions aurora-postgresql (upgrade path, Serverless v2 limits of the target version;"
            + " built-in table where unavailable)",
        "rds:DescribeDBClusterParameterGroups, DescribeDBParameterGroups (the spec's target groups, if named)",
        "rds:DescribeDBClusterParameters Source=user (the source's own cluster parameter group, if it has one and the spec"
            + " names none), DescribeEngineDefaultClusterParameters of each new family (built-in table where unavailable)",
        "sql: read-only catalog checks on each source database",
        "Blue/Green readiness (status.preflight.blueGreen; decides strategy Auto, and blocks strategy BlueGreen): rds:DescribeDBClusters of the source (Global"
            + " Database, read replicas), DescribeDBProxies and DescribeDBProxyTargets; sql: read-only catalog checks of"
            + " what logical replication would refuse or not carry, on every database");
  }

  private static void recordSource(MigrationContext ctx, AuroraCluster source) {
    SourceStatus status = ctx.status().getSource() == null ? new SourceStatus() : ctx.status().getSource();
    status.setArn(source.arn());
    status.setEngineMode(source.engineMode());
    status.setEngineVersion(source.engineVersion());
    status.setEndpoint(source.endpoint());
    status.setKind(kind(source));
    ctx.status().setSource(status);
  }

  /** A target that exists and was not made by this migration is someone else's cluster: never touch it. */
  private static Optional<StepResult> checkTargetIsFree(MigrationContext ctx) {
    return ctx.targetCluster()
        .filter(t -> !ctx.names().ownerTagValue().equals(t.tags().get(MigrationNames.OWNER_TAG)))
        .map(
            t ->
                StepResult.failed(
                    "TargetExists",
                    "a cluster named " + t.identifier() + " already exists and was not created by this migration;"
                        + " choose another spec.target.clusterIdentifier"));
  }

  /**
   * The parameter groups the spec names must exist and be of the target's family: the upgrade hop into that
   * family (or the restore, when no major hop follows) sends them, and RDS refusing them there would leave
   * the source read-only for nothing.
   */
  private static Optional<StepResult> checkParameterGroups(MigrationContext ctx, String targetVersion) {
    TargetSpec target = ctx.spec().getTarget();
    ParameterGroupFamily family = ParameterGroupFamily.of(targetVersion);
    List<String> problems = new ArrayList<>();
    checkGroup("clusterParameterGroupName", "DB cluster parameter group", target.getClusterParameterGroupName(),
        ctx.clusters()::clusterParameterGroupFamily, family, targetVersion, ctx.region(), problems);
    checkGroup("instanceParameterGroupName", "DB parameter group", target.getInstanceParameterGroupName(),
        ctx.clusters()::instanceParameterGroupFamily, family, targetVersion, ctx.region(), problems);
    if (problems.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(StepResult.failed("ParameterGroupUnusable", String.join("; ", problems)));
  }

  private static void checkGroup(
      String field, String kind, String name, Function<String, Optional<String>> familyOf,
      ParameterGroupFamily family, String targetVersion, String region, List<String> problems) {
    if (name == null) {
      return;
    }
    // AWS keeps a default.<family> group of each kind for every family and it cannot be deleted; its name
    // says its family, so it is not looked up (moto, which has no default groups, would call it missing).
    Optional<String> actual = name.startsWith(DEFAULT_GROUP_PREFIX)
        ? Optional.of(name.substring(DEFAULT_GROUP_PREFIX.length()))
        : familyOf.apply(name);
    if (actual.isEmpty()) {
      problems.add("spec.target." + field + ": " + kind + " " + name + " does not exist in " + region
          + "; create it in family " + family + " or name another");
    } else if (!family.name().equals(actual.get())) {
      problems.add("spec.target." + field + ": " + kind + " " + name + " is of family " + actual.get()
          + "; the target version " + targetVersion + " needs family " + family);
    }
  }

  /**
   * RestoreDBClusterFromSnapshot without DBClusterParameterGroupName gives the target the default group,
   * and a major upgrade moves it to the new family's default unless one is named (RDS API Reference,
   * RestoreDBClusterFromSnapshot, ModifyDBCluster): a source's own group (shared_preload_libraries,
   * timezone …) would be silently lost. So its changed parameters are carried over, unless the spec names
   * the target's group itself; decided here, once, and kept in status for the steps that act on it.
   */
  private static ParameterGroupsStatus planParameterCarryOver(MigrationContext ctx, AuroraCluster source, List<String> hops) {
    String group = source.parameterGroup();
    if (group == null || group.startsWith(DEFAULT_GROUP_PREFIX) || ctx.spec().getTarget().getClusterParameterGroupName() != null) {
      return null;
    }
    return ParameterCarryOver.plan(ctx.clusters(), ctx.names(), group, source.engineVersion(), hops);
  }

  private static List<SchemaFinding> droppedParameters(ParameterGroupsStatus carryOver) {
    if (carryOver == null) {
      return List.of();
    }
    return carryOver.getDropped().stream()
        .map(d -> new SchemaFinding(
            "cluster-parameter-not-carried",
            false,
            d.getName(),
            "parameter " + d.getName() + " = " + d.getValue() + " of the source's DB cluster parameter group "
                + carryOver.getSourceGroup() + " is not carried to the target: " + d.getReason()
                + "; the target's " + d.getFamily() + " group leaves it out",
            "if the target needs an equivalent setting, set it in a DB cluster parameter group of the target's family"
                + " and name it in spec.target.clusterParameterGroupName, or change it on the target after the migration"))
        .toList();
  }

  static String kind(AuroraCluster source) {
    if (source.isServerlessV1()) {
      return "ServerlessV1";
    }
    return source.scaling() != null && source.scaling().max() != null ? "ServerlessV2" : "Provisioned";
  }

  private static PreflightStatus preflightStatus(BlueGreenReadiness readiness) {
    BlueGreenReadinessStatus status = new BlueGreenReadinessStatus();
    status.setReady(readiness.ready());
    status.setBlockers(firstOfEachCheck(readiness.blockers()));
    status.setWarnings(firstOfEachCheck(readiness.warnings()));
    PreflightStatus preflight = new PreflightStatus();
    preflight.setBlueGreen(status);
    return preflight;
  }

  /**
   * The first {@value #FINDINGS_PER_CHECK} findings of each check, then one that counts the rest: a schema with
   * hundreds of tables without a key would otherwise write hundreds of entries into the resource's status.
   */
  static List<Finding> firstOfEachCheck(List<SchemaFinding> findings) {
    Map<String, List<SchemaFinding>> byCheck = new LinkedHashMap<>();
    findings.forEach(f -> byCheck.computeIfAbsent(f.check(), c -> new ArrayList<>()).add(f));
    List<Finding> kept = new ArrayList<>();
    byCheck.forEach((check, same) -> {
      same.stream().limit(FINDINGS_PER_CHECK).map(PreflightStep::toFinding).forEach(kept::add);
      if (same.size() > FINDINGS_PER_CHECK) {
        SchemaFinding last = same.get(FINDINGS_PER_CHECK);
        int more = same.size() - FINDINGS_PER_CHECK;
        kept.add(toFinding(new SchemaFinding(check, last.blocker(), more + " more",
            "and " + more + " more like the ones above (status lists the first " + FINDINGS_PER_CHECK + ")",
            last.advice())));
      }
    });
    return kept;
  }

  private static Finding toFinding(SchemaFinding f) {
    Finding finding = new Finding();
    finding.setCheck(f.check());
    finding.setSeverity(f.blocker() ? Severity.Blocker : Severity.Warning);
    finding.setObject(f.object());
    finding.setMessage(f.message());
    finding.setAdvice(f.advice());
    return finding;
  }
}
