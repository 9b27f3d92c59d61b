package dev.dbops.aurora.migration;

import static dev.dbops.aurora.migration.LocalAuroraMigration.SOURCE;
import static dev.dbops.aurora.migration.LocalAuroraMigration.TARGET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.dbops.aurora.model.migration.DroppedParameter;
import dev.dbops.aurora.model.migration.Finding;
import dev.dbops.aurora.model.migration.MigrationPhase;
import dev.dbops.aurora.model.migration.Severity;
import dev.dbops.aurora.testing.MotoServer;
import java.sql.SQLException;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.Parameter;

/**
 * The source's own DB cluster parameter group through the real SDK to moto (behind the local Aurora):
 * a PostgreSQL 13 source whose group sets libraries, time zone and logging, plus stats_temp_directory,
 * which PostgreSQL 15 removed. After the migration the target runs 15 on an operator-owned group of
 * family aurora-postgresql15 holding the rest. Moto lacks DescribeEngineDefaultClusterParameters, so the
 * built-in table of removed parameters decides here.
 */
@ExtendWith(MotoServer.class)
class ParameterGroupCarryOverOnMotoTest {
  private static final String SOURCE_GROUP = "orders-pg13";
  private static final Map<String, String> KEPT = Map.of(
      "shared_preload_libraries", "pg_stat_statements,auto_explain",
      "timezone", "Europe/Berlin",
      "log_min_duration_statement", "500");

  private LocalAuroraMigration bed;
  private RdsClient rds;
  private WorkflowRunner runner;

  @BeforeEach
  void sourceWithItsOwnClusterParameterGroup() throws SQLException {
    bed = new LocalAuroraMigration();
    rds = bed.rds;
    rds.createDBClusterParameterGroup(b -> b.dbClusterParameterGroupName(SOURCE_GROUP)
        .dbParameterGroupFamily("aurora-postgresql13").description("orders settings"));
    rds.modifyDBClusterParameterGroup(b -> b.dbClusterParameterGroupName(SOURCE_GROUP).parameters(
        KEPT.entrySet().stream().map(e -> parameter(e.getKey(), e.getValue())).toList()));
    rds.modifyDBClusterParameterGroup(b -> b.dbClusterParameterGroupName(SOURCE_GROUP)
        .parameters(parameter("stats_temp_directory", "/rdsdbdata/tmp")));
    rds.modifyDBCluster(b -> b.dbClusterIdentifier(SOURCE).dbClusterParameterGroupName(SOURCE_GROUP).applyImmediately(true));
  }

  @AfterEach
  void close() {
    bed.close();
  }

  @Test
  void sourceGroupsUserParametersArriveInTheTargetsPg15GroupAndTheRemovedOneIsReported() {
    runner = bed.runner(LocalAuroraMigration.migration());

    runner.runUntilSettled(WorkflowRunner.Crashes.NONE);

    var status = runner.persisted.getStatus();
    assertThat(runner.phase()).as(status.getMessage()).isEqualTo(MigrationPhase.Completed);
    String carried = TARGET + "-aurora-postgresql15-6f1c2d3e";
    var target = rds.describeDBClusters(b -> b.dbClusterIdentifier(TARGET)).dbClusters().get(0);
    assertThat(target.engineVersion()).startsWith("15.");
    assertThat(target.dbClusterParameterGroup()).isEqualTo(carried);
    var group = rds.describeDBClusterParameterGroups(b -> b.dbClusterParameterGroupName(carried)).dbClusterParameterGroups().get(0);
    assertThat(group.dbParameterGroupFamily()).isEqualTo("aurora-postgresql15");
    assertThat(rds.listTagsForResource(b -> b.resourceName(group.dbClusterParameterGroupArn())).tagList())
        .anyMatch(t -> t.key().equals(MigrationNames.OWNER_TAG) && t.value().equals("shop/orders"));
    Map<String, String> parameters = rds.describeDBClusterParameters(b -> b.dbClusterParameterGroupName(carried).source("user"))
        .parameters().stream().collect(Collectors.toMap(Parameter::parameterName, Parameter::parameterValue));
    assertThat(parameters).containsExactlyInAnyOrderEntriesOf(KEPT);

    assertThat(status.getParameterGroups().getSourceGroup()).isEqualTo(SOURCE_GROUP);
    assertThat(status.getParameterGroups().getDropped())
        .extracting(DroppedParameter::getName, DroppedParameter::getFamily)
        .containsExactly(tuple("stats_temp_directory", "aurora-postgresql15"));
    assertThat(status.getFindings())
        .filteredOn(f -> f.getCheck().equals("cluster-parameter-not-carried"))
        .extracting(Finding::getObject, Finding::getSeverity)
        .containsExactly(tuple("stats_temp_directory", Severity.Warning));
  }

  private static Parameter parameter(String name, String value) {
    return Parameter.builder().parameterName(name).parameterValue(value).applyMethod("pending-reboot").build();
  }
}
