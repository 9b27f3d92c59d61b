package dev.dbops.aurora.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.dbops.aurora.aws.ClusterChanges;
import dev.dbops.aurora.model.migration.CarriedParameterGroup;
import dev.dbops.aurora.model.migration.DroppedParameter;
import dev.dbops.aurora.model.migration.Finding;
import dev.dbops.aurora.model.migration.MigrationPhase;
import dev.dbops.aurora.model.migration.Severity;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Parameter groups on the target: named ones checked by Preflight and sent with the last hop, else the source's own group carried into each new family. */
class MigrationParameterGroupsTest {
  private final MigrationDriver driver = new MigrationDriver();

  @AfterEach
  void stopTasks() {
    driver.runner.close();
  }

  @Test
  void missingTargetParameterGroupsStopPreflightAndChangeNothing() {
    driver.persisted().getSpec().getTarget().setClusterParameterGroupName("orders-pg15");
    driver.persisted().getSpec().getTarget().setInstanceParameterGroupName("orders-instance-pg15");

    settleWithin(200);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.Failed);
    assertThat(driver.condition("Ready").getReason()).isEqualTo("ParameterGroupUnusable");
    assertThat(driver.condition("Ready").getMessage())
        .contains("spec.target.clusterParameterGroupName: DB cluster parameter group orders-pg15 does not exist in us-east-1")
        .contains("spec.target.instanceParameterGroupName: DB parameter group orders-instance-pg15 does not exist")
        .contains("family aurora-postgresql15")
        .contains("Nothing was changed");
    assertThat(driver.rds.writes()).isEmpty();
    assertThat(driver.databases.source.count("setReadOnly true app")).isZero();
  }

  @Test
  void targetParameterGroupOfAnotherFamilyStopsPreflight() {
    driver.rds.addClusterParameterGroup("orders-pg13", "aurora-postgresql13");
    driver.persisted().getSpec().getTarget().setClusterParameterGroupName("orders-pg13");

    settleWithin(200);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.Failed);
    assertThat(driver.condition("Ready").getMessage())
        .contains("orders-pg13 is of family aurora-postgresql13; the target version 15.8 needs family aurora-postgresql15");
    assertThat(driver.rds.writes()).isEmpty();
  }

  @Test
  void defaultGroupOfAnOlderFamilyStopsPreflight() {
    driver.persisted().getSpec().getTarget().setInstanceParameterGroupName("default.aurora-postgresql13");

    settleWithin(200);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.Failed);
    assertThat(driver.condition("Ready").getMessage()).contains(
        "spec.target.instanceParameterGroupName: DB parameter group default.aurora-postgresql13 is of family aurora-postgresql13");
  }

  @Test
  void targetParameterGroupsOfTheTargetFamilyAreSentWithTheLastHop() {
    targetGroups("orders-pg15", "orders-instance-pg15", "aurora-postgresql15");

    driver.runUntilSettled(false);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.Completed);
    assertTargetUses("orders-pg15", "orders-instance-pg15");
  }

  @Test
  void targetParameterGroupsAreSentWhenTheLastHopIsAMinorOne() {
    driver.path = List.of("14.12", "15.4", "15.10");
    targetGroups("orders-pg15", "orders-instance-pg15", "aurora-postgresql15");

    driver.runUntilSettled(false);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.Completed);
    assertThat(driver.rds.findCluster("orders-v2")).get().satisfies(c -> assertThat(c.engineVersion()).isEqualTo("15.10"));
    assertTargetUses("orders-pg15", "orders-instance-pg15");
  }

  @Test
  void targetParameterGroupsAreUsedFromTheRestoreWhenNoMajorHopFollows() {
    driver.path = List.of("13.15");
    targetGroups("orders-pg13-tuned", "orders-instance-pg13", "aurora-postgresql13");

    driver.runUntilSettled(false);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.Completed);
    assertTargetUses("orders-pg13-tuned", "orders-instance-pg13");
  }

  @Test
  void parameterGroupDeletedAfterPreflightFailsTheUpgradeInsteadOfRetryingForever() {
    driver.rds.addClusterParameterGroup("orders-pg15", "aurora-postgresql15");
    driver.persisted().getSpec().getTarget().setClusterParameterGroupName("orders-pg15");
    driver.runUntilStepSucceeded("Preflight");
    driver.rds.removeClusterParameterGroup("orders-pg15");

    settleWithin(400);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.RolledBack);
    assertThat(driver.persisted().getStatus().getRollback().getReason())
        .contains("DBClusterParameterGroupNotFound").contains("orders-pg15");
    assertThat(driver.databases.source.isReadOnly(List.of("app"))).isFalse();
  }

  /** Named cluster and instance parameter groups of {@code family}, both existing in RDS and set on spec.target. */
  private void targetGroups(String clusterGroup, String instanceGroup, String family) {
    driver.rds.addClusterParameterGroup(clusterGroup, family);
    driver.rds.addInstanceParameterGroup(instanceGroup, family);
    driver.persisted().getSpec().getTarget().setClusterParameterGroupName(clusterGroup);
    driver.persisted().getSpec().getTarget().setInstanceParameterGroupName(instanceGroup);
  }

  private void assertTargetUses(String clusterGroup, String instanceGroup) {
    assertThat(driver.rds.describe("orders-v2").parameterGroup()).isEqualTo(clusterGroup);
    assertThat(instanceGroupOfTarget()).isEqualTo(instanceGroup);
  }

  /** The DB parameter group of the target's instances: the last major hop's, else the one they were created with. */
  private String instanceGroupOfTarget() {
    return driver.rds.modifyRequests().stream()
        .filter(ClusterChanges::allowMajorVersionUpgrade)
        .map(ClusterChanges::instanceParameterGroup)
        .reduce((first, last) -> last)
        .orElseGet(() -> driver.rds.findInstances("orders-v2").get(0).parameterGroup());
  }

  /** Reconciles until the migration stops asking to be rescheduled, at most {@code reconciles} times. */
  private void settleWithin(int reconciles) {
    for (int i = 0; i < reconciles; i++) {
      if (driver.reconcile().isEmpty()) {
        return;
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static final String PG14_COPY = "orders-v2-aurora-postgresql14-6f1c2d3e";
  private static final String PG15_COPY = "orders-v2-aurora-postgresql15-6f1c2d3e";

  /** A source group as teams have them: libraries, time zone, logging, and two settings PostgreSQL later removed. */
  private void sourceHasItsOwnParameterGroup() {
    driver.rds.addClusterParameterGroup("orders-pg13", "aurora-postgresql13", Map.of(
        "shared_preload_libraries", "pg_stat_statements,auto_explain",
        "timezone", "Europe/Berlin",
        "log_min_duration_statement", "500",
        "vacuum_cleanup_index_scale_factor", "0.2",
        "stats_temp_directory", "/rdsdbdata/tmp"));
    driver.rds.setParameterGroup("source-orders", "orders-pg13");
  }

  @Test
  void sourcesOwnParameterGroupIsCarriedIntoEachNewFamilyWithoutTheParametersItNoLongerHas() {
    sourceHasItsOwnParameterGroup();

    driver.runUntilStepSucceeded("RestoreTarget");
    assertThat(driver.rds.describe("orders-v2").parameterGroup()).as("restored at 13.12 with the source's own group").isEqualTo("orders-pg13");
    driver.runUntilSettled(false);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.Completed);
    assertThat(driver.rds.describe("orders-v2").parameterGroup()).isEqualTo(PG15_COPY);
    Map<String, String> kept = Map.of(
        "shared_preload_libraries", "pg_stat_statements,auto_explain", "timezone", "Europe/Berlin", "log_min_duration_statement", "500");
    assertThat(driver.rds.clusterParameterGroupFamily(PG15_COPY)).hasValue("aurora-postgresql15");
    assertThat(driver.rds.clusterParameterGroupFamily(PG14_COPY)).hasValue("aurora-postgresql14");
    assertThat(driver.rds.parameterGroup(PG15_COPY)).containsExactlyInAnyOrderEntriesOf(kept);
    assertThat(driver.rds.parameterGroup(PG14_COPY)).containsOnlyKeys(
        "shared_preload_libraries", "timezone", "log_min_duration_statement", "stats_temp_directory");
    assertThat(driver.rds.parameterGroupTags(PG15_COPY)).containsEntry(MigrationNames.OWNER_TAG, "shop/orders");

    var plan = driver.persisted().getStatus().getParameterGroups();
    assertThat(plan.getSourceGroup()).isEqualTo("orders-pg13");
    assertThat(plan.getSourceFamily()).isEqualTo("aurora-postgresql13");
    assertThat(plan.getCarried()).extracting(CarriedParameterGroup::getFamily, CarriedParameterGroup::getGroup)
        .containsExactly(tuple("aurora-postgresql14", PG14_COPY), tuple("aurora-postgresql15", PG15_COPY));
    assertThat(plan.getDropped()).extracting(DroppedParameter::getName, DroppedParameter::getFamily)
        .containsExactly(tuple("vacuum_cleanup_index_scale_factor", "aurora-postgresql14"), tuple("stats_temp_directory", "aurora-postgresql15"));
    assertThat(driver.persisted().getStatus().getFindings())
        .filteredOn(f -> f.getCheck().equals("cluster-parameter-not-carried"))
        .extracting(Finding::getObject, Finding::getSeverity)
        .containsExactlyInAnyOrder(tuple("vacuum_cleanup_index_scale_factor", Severity.Warning), tuple("stats_temp_directory", Severity.Warning));
    assertThat(driver.persisted().getStatus().getFindings())
        .filteredOn(f -> f.getObject().equals("stats_temp_directory")).singleElement()
        .satisfies(f -> assertThat(f.getMessage()).contains("orders-pg13").contains("removed in PostgreSQL 15"));
  }

  @Test
  void dryRunShowsTheCarriedGroupsAndTheRestoreWithTheSourcesGroup() {
    sourceHasItsOwnParameterGroup();
    driver.persisted().getSpec().setDryRun(true);

    driver.runUntilSettled(false);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.Planned);
    assertThat(driver.persisted().getStatus().getPlan())
        .anyMatch(l -> l.startsWith("RestoreTarget: rds:RestoreDBClusterFromSnapshot") && l.contains("DBClusterParameterGroupName orders-pg13"))
        .anyMatch(l -> l.startsWith("Upgrade: rds:CreateDBClusterParameterGroup " + PG15_COPY + " (family aurora-postgresql15"))
        .anyMatch(l -> l.startsWith("Upgrade: rds:ModifyDBCluster orders-v2 EngineVersion=15.8")
            && l.contains("DBClusterParameterGroupName=" + PG15_COPY));
    assertThat(driver.rds.count("putClusterParameterGroup")).isZero();
  }

  @Test
  void aDirectHopOverAMajorVersionDropsWhatTheSkippedVersionRemoved() {
    sourceHasItsOwnParameterGroup();
    driver.path = List.of("15.8");

    driver.runUntilSettled(false);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.Completed);
    assertThat(driver.rds.parameterGroup(PG15_COPY))
        .containsOnlyKeys("shared_preload_libraries", "timezone", "log_min_duration_statement");
    assertThat(driver.persisted().getStatus().getParameterGroups().getDropped())
        .filteredOn(d -> d.getName().equals("vacuum_cleanup_index_scale_factor")).singleElement()
        .satisfies(d -> {
          assertThat(d.getFamily()).isEqualTo("aurora-postgresql15");
          assertThat(d.getReason()).contains("removed in PostgreSQL 14");
        });
    assertThat(driver.rds.parameterGroup(PG14_COPY)).isNull();
  }

  @Test
  void theNewFamilysParameterListFromAwsDecidesWhatIsCarried() {
    driver.rds.addClusterParameterGroup("orders-pg13", "aurora-postgresql13", Map.of(
        "timezone", "UTC", "apg_legacy_knob", "on", "stats_temp_directory", "/rdsdbdata/tmp"));
    driver.rds.setParameterGroup("source-orders", "orders-pg13");
    driver.rds.setFamilyParameterNames("aurora-postgresql14", Set.of("timezone", "stats_temp_directory"));
    driver.rds.setFamilyParameterNames("aurora-postgresql15", Set.of("TimeZone"));

    driver.runUntilSettled(false);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.Completed);
    assertThat(driver.rds.parameterGroup(PG15_COPY)).containsExactly(Map.entry("timezone", "UTC"));
    assertThat(driver.persisted().getStatus().getParameterGroups().getDropped())
        .extracting(DroppedParameter::getName, DroppedParameter::getFamily, DroppedParameter::getReason)
        .containsExactly(
            tuple("apg_legacy_knob", "aurora-postgresql14", "aurora-postgresql14 has no such parameter (DescribeEngineDefaultClusterParameters)"),
            tuple("stats_temp_directory", "aurora-postgresql15", "removed in PostgreSQL 15; statistics are kept in shared memory"));
  }

  @Test
  void aRestartedOperatorCarriesWhatPreflightRecordedEvenIfTheSourceGroupChangedMeanwhile() {
    sourceHasItsOwnParameterGroup();
    driver.runUntilStepSucceeded("Preflight");
    driver.rds.addClusterParameterGroup("orders-pg13", "aurora-postgresql13", Map.of("timezone", "UTC", "work_mem", "65536"));

    driver.runUntilSettled(true);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.Completed);
    assertThat(driver.rds.parameterGroup(PG15_COPY))
        .containsEntry("timezone", "Europe/Berlin").doesNotContainKey("work_mem");
    assertThat(driver.rds.count("putClusterParameterGroup " + PG15_COPY)).as("made once, found by later runs").isEqualTo(1);
  }

  @Test
  void aGroupOfTheCarriedNameInAnotherFamilyIsLeftAloneAndStopsTheUpgrade() {
    sourceHasItsOwnParameterGroup();
    driver.rds.addClusterParameterGroup(PG14_COPY, "aurora-postgresql13", Map.of("timezone", "Asia/Tokyo"));

    settleWithin(400);

    assertThat(driver.rds.count("putClusterParameterGroup")).isZero();
    assertThat(driver.rds.parameterGroup(PG14_COPY)).containsExactly(Map.entry("timezone", "Asia/Tokyo"));
    assertThat(driver.persisted().getStatus().getRollback().getReason())
        .contains(PG14_COPY).contains("family aurora-postgresql13").contains("not touched");
  }

  @Test
  void noCarryOverForADefaultSourceGroupOrANamedTargetGroup() {
    driver.rds.setParameterGroup("source-orders", "default.aurora-postgresql13");
    driver.runUntilSettled(false);
    assertThat(driver.persisted().getStatus().getParameterGroups()).isNull();
    assertThat(driver.rds.count("putClusterParameterGroup")).isZero();
    assertThat(driver.rds.describe("orders-v2").parameterGroup()).isEqualTo("default.aurora-postgresql15");

    MigrationDriver named = new MigrationDriver();
    try {
      named.rds.addClusterParameterGroup("orders-pg13", "aurora-postgresql13", Map.of("timezone", "UTC"));
      named.rds.setParameterGroup("source-orders", "orders-pg13");
      named.rds.addClusterParameterGroup("orders-pg15", "aurora-postgresql15");
      named.persisted().getSpec().getTarget().setClusterParameterGroupName("orders-pg15");
      named.runUntilSettled(false);
      assertThat(named.persisted().getStatus().getParameterGroups()).isNull();
      assertThat(named.persisted().getStatus().getFindings()).noneMatch(f -> f.getCheck().equals("cluster-parameter-not-carried"));
      assertThat(named.rds.count("putClusterParameterGroup")).isZero();
      assertThat(named.rds.describe("orders-v2").parameterGroup()).isEqualTo("orders-pg15");
    } finally {
      named.runner.close();
    }
  }

  @Test
  void dbServerlessInstancesCreatedAfterTheUpgradeGetTheTargetsDbParameterGroup() {
    driver.rds.addInstanceParameterGroup("orders-instance-pg15", "aurora-postgresql15");
    driver.persisted().getSpec().getTarget().setInstanceParameterGroupName("orders-instance-pg15");

    driver.runUntilSettled(false);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.Completed);
    assertThat(driver.rds.findInstances("orders-v2")).singleElement()
        .satisfies(i -> assertThat(i.parameterGroup()).isEqualTo("orders-instance-pg15"));
  }
}
