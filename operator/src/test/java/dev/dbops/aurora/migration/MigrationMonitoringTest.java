package dev.dbops.aurora.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.aws.Datapoint;
import dev.dbops.aurora.migration.steps.CutoverApprovalStep;
import dev.dbops.aurora.migration.steps.MonitoringStep;
import dev.dbops.aurora.migration.steps.VerifyStep;
import dev.dbops.aurora.model.CloudWatchMonitoringSpec;
import dev.dbops.aurora.model.CostSpec;
import dev.dbops.aurora.model.MonitoringSpec;
import dev.dbops.aurora.model.migration.MigrationPhase;
import dev.dbops.aurora.model.migration.StepState;
import dev.dbops.aurora.model.migration.StepStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MigrationMonitoringTest {
  static final Instant START = Instant.parse("2026-11-26T10:00:00Z");
  private final MigrationDriver driver = new MigrationDriver();

  @AfterEach
  void stopTasks() {
    driver.runner.close();
  }

  static List<Datapoint> hourly(Instant from, Instant to, double acu) {
    List<Datapoint> points = new ArrayList<>();
    for (Instant t = from; t.isBefore(to); t = t.plus(Duration.ofHours(1))) {
      points.add(new Datapoint(t, acu));
    }
    return points;
  }

  void monitoring() {
    MonitoringSpec monitoring = new MonitoringSpec();
    CloudWatchMonitoringSpec cw = new CloudWatchMonitoringSpec();
    cw.setAlarmActions(List.of("arn:aws:sns:us-east-1:123456789012:db"));
    monitoring.setCloudWatch(cw);
    CostSpec cost = new CostSpec();
    cost.setWindowDays(7);
    cost.setPricePerAcuHour(0.12);
    monitoring.setCost(cost);
    driver.persisted().getSpec().setMonitoring(monitoring);
  }

  @Test
  void monitoringStepRunsBetweenVerifyAndCutoverApproval() {
    List<String> names = MigrationWorkflow.standardSteps((clusters, from, to) -> List.of()).stream()
        .map(MigrationStep::name).toList();
    assertThat(names).containsSubsequence(VerifyStep.NAME, MonitoringStep.NAME, CutoverApprovalStep.NAME);
    assertThat(names.indexOf(MonitoringStep.NAME)).isEqualTo(names.indexOf(VerifyStep.NAME) + 1);
  }

  @Test
  void withoutMonitoringTheStepSucceedsWithoutTouchingCloudWatch() {
    driver.runUntilSettled(false);

    assertThat(driver.phase()).isEqualTo(MigrationPhase.Completed);
    assertThat(step(MonitoringStep.NAME).getMessage()).isEqualTo("spec.monitoring not set");
    assertThat(driver.monitoring.alarms).isEmpty();
    assertThat(driver.monitoring.dashboards).isEmpty();
    assertThat(driver.persisted().getStatus().getCost()).isNull();
  }

  @Test
  void setsUpTargetAlarmsBeforeCutoverAndComparesCostBeforeAndAfter() {
    monitoring();
    // The source ran at 4 ACU every hour of the week before; the target runs at 1 ACU from the start.
    driver.monitoring.capacity.put("source-orders", hourly(START.minus(Duration.ofDays(7)), START, 4.0));
    driver.monitoring.capacity.put("orders-v2", hourly(START, START.plus(Duration.ofDays(3)), 1.0));

    driver.runUntilSettled(false);

    var status = driver.persisted().getStatus();
    assertThat(driver.phase()).isEqualTo(MigrationPhase.Completed);
    assertThat(step(MonitoringStep.NAME).getState()).isEqualTo(StepState.Succeeded);
    String prefix = "aurora-operator/shop/amig:orders/";
    assertThat(driver.monitoring.alarms.keySet()).contains(prefix + "capacity", prefix + "cpu");
    // Target maxCapacity 8 ACU, default 90 %.
    assertThat(driver.monitoring.alarms.get(prefix + "capacity").threshold()).isEqualTo(7.2);
    assertThat(driver.monitoring.alarms.get(prefix + "capacity").dimensions())
        .containsEntry("DBClusterIdentifier", "orders-v2");
    assertThat(driver.monitoring.dashboards).containsOnlyKeys("aurora-operator_shop_amig_orders");
    assertThat(status.getMonitoring().getDashboardName()).isEqualTo("aurora-operator_shop_amig_orders");
    // Source by hand: 4 ACU average over the hours with data -> 4 * 720 h * 0.12 USD = 345.60 USD a month.
    assertThat(status.getCost().getSource().getEstimatedMonthlyCost()).isEqualTo(345.6);

    // Two hours after cutover a resync refreshes the target: 1 ACU -> 1 * 720 * 0.12 = 86.40 USD;
    // change (86.40 - 345.60) / 345.60 = -75.0 %.
    driver.runner.clock.advance(Duration.ofHours(2));
    driver.reconcile();
    status = driver.persisted().getStatus();
    assertThat(status.getCost().getTarget().getEstimatedMonthlyCost()).isEqualTo(86.4);
    assertThat(status.getCost().getChangePercent()).isEqualTo(-75.0);
  }

  StepStatus step(String name) {
    return driver.persisted().getStatus().getSteps().stream().filter(s -> s.getName().equals(name)).findFirst()
        .orElseThrow();
  }
}
