package dev.dbops.aurora.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.aws.ServerlessV2Limits;
import dev.dbops.aurora.model.migration.Finding;
import dev.dbops.aurora.model.migration.MigrationPhase;
import dev.dbops.aurora.model.migration.Severity;
import dev.dbops.aurora.model.migration.StepState;
import dev.dbops.aurora.model.migration.StepStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Preflight asks AWS which Serverless v2 range the final target version takes, and says when it could not. */
class TargetScalingPreflightTest {
  private final MigrationDriver driver = new MigrationDriver();

  @AfterEach
  void stopTasks() {
    driver.runner.close();
  }

  @Test
  void maximumAwsStatesForTheTargetVersionWinsOverTheTable() {
    // The table lets 15.8 take 256 ACU; this region's platform says 128.
    driver.rds.serverlessV2Limits.put("15.8", new ServerlessV2Limits(0.0, 128.0));
    driver.persisted().getSpec().getTarget().getScaling().setMaxCapacity(256.0);

    driver.runUntilSettled(false);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.Failed);
    assertThat(condition("Ready").getReason()).isEqualTo("ScalingNotSupported");
    assertThat(condition("Ready").getMessage())
        .contains("maxCapacity 256 is above the highest maximum of Aurora PostgreSQL 15.8, 128 ACU")
        .contains("as AWS states for this version in DescribeDBEngineVersions");
    assertThat(driver.rds.writes()).isEmpty();
  }

  @Test
  void autoPauseAwsStatesForTheTargetVersionPassesWhereTheTableWouldRefuse() {
    driver.path = List.of("14.9", "15.4");
    driver.rds.serverlessV2Limits.put("15.4", new ServerlessV2Limits(0.0, 128.0));
    driver.persisted().getSpec().getTarget().getScaling().setMinCapacity(0.0);
    driver.persisted().getSpec().getTarget().getScaling().setSecondsUntilAutoPause(600);

    driver.runUntilStepSucceeded("Preflight");

    assertThat(step("Preflight").getState()).isEqualTo(StepState.Succeeded);
  }

  @Test
  void minimumAwsStatesRefusesAutoPause() {
    driver.rds.serverlessV2Limits.put("15.8", new ServerlessV2Limits(0.5, 256.0));
    driver.persisted().getSpec().getTarget().getScaling().setMinCapacity(0.0);
    driver.persisted().getSpec().getTarget().getScaling().setSecondsUntilAutoPause(600);

    driver.runUntilSettled(false);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.Failed);
    assertThat(condition("Ready").getMessage())
        .contains("minCapacity 0 is below the lowest minimum of Aurora PostgreSQL 15.8, 0.5 ACU")
        .contains("DescribeDBEngineVersions");
  }

  @Test
  void maximumOf256WithoutAnAnswerFromAwsOnlyWarns() {
    driver.persisted().getSpec().getTarget().getScaling().setMaxCapacity(256.0);

    driver.runUntilStepSucceeded("Preflight");

    assertThat(step("Preflight").getState()).isEqualTo(StepState.Succeeded);
    assertThat(driver.persisted().getStatus().getFindings()).filteredOn(f -> f.getCheck().equals("serverless-v2-max-capacity"))
        .singleElement()
        .satisfies(f -> {
          assertThat(f.getSeverity()).isEqualTo(Severity.Warning);
          assertThat(f.getObject()).isEqualTo("spec.target.scaling.maxCapacity");
          assertThat(f.getMessage()).contains("maxCapacity 256 may be refused on Aurora PostgreSQL 15.8")
              .contains("built-in table").contains("platform version");
        });
  }

  @Test
  void maximumAwsConfirmsRaisesNoWarning() {
    driver.rds.serverlessV2Limits.put("15.8", new ServerlessV2Limits(0.0, 256.0));
    driver.persisted().getSpec().getTarget().getScaling().setMaxCapacity(256.0);

    driver.runUntilStepSucceeded("Preflight");

    assertThat(driver.persisted().getStatus().getFindings()).extracting(Finding::getCheck)
        .doesNotContain("serverless-v2-max-capacity");
  }

  @Test
  void refusalByTheTableSaysAwsGaveNoAnswer() {
    driver.path = List.of("14.9", "15.4");
    driver.persisted().getSpec().getTarget().getScaling().setMinCapacity(0.0);
    driver.persisted().getSpec().getTarget().getScaling().setSecondsUntilAutoPause(600);

    driver.runUntilSettled(false);

    assertThat(condition("Ready").getMessage())
        .contains("minCapacity 0 (auto-pause) needs Aurora PostgreSQL 15.7 or later")
        .contains("built-in table: AWS did not state limits for this version");
  }

  private StepStatus step(String name) {
    return driver.persisted().getStatus().getSteps().stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
  }

  private Condition condition(String type) {
    return driver.persisted().getStatus().getConditions().stream()
        .filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
  }
}
