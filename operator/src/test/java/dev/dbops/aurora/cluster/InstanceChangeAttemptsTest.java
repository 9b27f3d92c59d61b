package dev.dbops.aurora.cluster;

import static dev.dbops.aurora.cluster.DatabaseClusterReconcilerTest.cluster;
import static dev.dbops.aurora.cluster.DatabaseClusterReconcilerTest.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.model.InstancesSpec;
import dev.dbops.aurora.testing.inmemoryrds.InMemoryRds;
import dev.dbops.aurora.model.cluster.ClusterPhase;
import dev.dbops.aurora.model.cluster.DatabaseCluster;
import dev.dbops.aurora.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** ModifyDBInstance is bounded like ModifyDBCluster: a change AWS accepts but never shows is not sent forever. */
class InstanceChangeAttemptsTest {
  @RegisterExtension
  final RunningOperator op = RunningOperator.withMasterPasswordSecret();

  Condition condition(String type) {
    return Conditions.find(op.get("orders").getStatus().getConditions(), type).orElseThrow();
  }

  void awaitReady() {
    eventually(Duration.ofSeconds(20)).untilAsserted(() -> {
      DatabaseCluster dbc = op.get("orders");
      assertThat(dbc.getStatus().getPhase()).isEqualTo(ClusterPhase.Available);
      assertThat(condition(Conditions.READY).getStatus()).isEqualTo("True");
    });
  }

  @Test
  void instanceChangeAwsNeverShowsIsSentThreeTimesThenReportedDegraded() throws InterruptedException {
    op.client.resource(cluster("orders", s -> {
      InstancesSpec instances = new InstancesSpec();
      instances.setCount(2);
      s.setInstances(instances);
    })).create();
    awaitReady();
    op.api().ignoreInstanceWrites();

    op.editSpec("orders", s -> s.getInstances().setPromotionTier(5));

    eventually(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(condition(Conditions.DEGRADED))
        .satisfies(c -> assertThat(c.getStatus()).isEqualTo("True"))
        .satisfies(c -> assertThat(c.getReason()).isEqualTo("ChangeNotApplied"))
        .satisfies(c -> assertThat(c.getMessage())
            .contains("instances.orders-db-1.promotionTier: desired 5, AWS reports 1")
            .contains("instances.orders-db-2.promotionTier: desired 5, AWS reports 1")));
    Thread.sleep(3000); // more than one resync and many polls
    assertThat(op.api().calls("modifyInstance")).extracting(InMemoryRds.Call::id)
        .containsOnly("orders-db-1", "orders-db-2")
        .hasSize(2 * ChangeAttempts.LIMIT);
    assertThat(condition(Conditions.READY).getStatus()).isEqualTo("False");

    // The count lives in status: a new operator process does not start counting again.
    op.restart();
    Thread.sleep(2500);
    assertThat(op.api().calls("modifyInstance")).hasSize(2 * ChangeAttempts.LIMIT);
  }

  @Test
  void instanceChangeAwsShowsIsSentOnceAndForgotten() {
    op.client.resource(cluster("orders", s -> {})).create();
    awaitReady();

    op.editSpec("orders", s -> {
      InstancesSpec instances = new InstancesSpec();
      instances.setPromotionTier(5);
      s.setInstances(instances);
    });

    eventually(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(op.api().calls("modifyInstance")).hasSize(1);
      awaitReady();
      assertThat(op.get("orders").getStatus().getChangeAttempts()).isNull();
    });
  }
}
