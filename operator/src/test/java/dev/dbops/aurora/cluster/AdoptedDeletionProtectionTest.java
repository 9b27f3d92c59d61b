package dev.dbops.aurora.cluster;

import static dev.dbops.aurora.cluster.DatabaseClusterReconcilerTest.cluster;
import static dev.dbops.aurora.cluster.DatabaseClusterReconcilerTest.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.aws.ClusterChanges;
import dev.dbops.aurora.model.cluster.ClusterPhase;
import dev.dbops.aurora.model.cluster.DatabaseCluster;
import dev.dbops.aurora.status.Conditions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** spec.deletionProtection left unset keeps what the cluster has; true and false mean what they say. */
class AdoptedDeletionProtectionTest {
  @RegisterExtension
  final RunningOperator op = RunningOperator.withMasterPasswordSecret();

  /** A cluster someone protected outside the operator. */
  void protectedLegacyCluster() {
    op.api().addExistingCluster("legacy-db", "15.10", Map.of());
    op.api().modifyCluster("legacy-db", ClusterChanges.deletionProtection(true));
  }

  static DatabaseCluster adopted(java.util.function.Consumer<dev.dbops.aurora.model.cluster.DatabaseClusterSpec> more) {
    return cluster("legacy", s -> {
      s.setClusterIdentifier("legacy-db");
      s.setAdoptExisting(true);
      s.setMasterCredentials(null);
      more.accept(s);
    });
  }

  void awaitReady(String name) {
    eventually(Duration.ofSeconds(20)).untilAsserted(() -> {
      DatabaseCluster dbc = op.get(name);
      assertThat(dbc.getStatus().getPhase()).isEqualTo(ClusterPhase.Available);
      assertThat(Conditions.find(dbc.getStatus().getConditions(), Conditions.READY)).get()
          .satisfies(c -> assertThat(c.getStatus()).isEqualTo("True"))
          .satisfies(c -> assertThat(c.getObservedGeneration()).isEqualTo(dbc.getMetadata().getGeneration()));
    });
  }

  @Test
  void adoptionKeepsTheClustersDeletionProtectionTheSpecLeavesUnset() throws InterruptedException {
    protectedLegacyCluster();
    int setUp = op.api().modifyRequests().size();

    op.client.resource(adopted(s -> {})).create();
    awaitReady("legacy");
    Thread.sleep(500);

    assertThat(op.api().modifyRequests()).hasSize(setUp);
    assertThat(op.api().describe("legacy-db").deletionProtection()).isTrue();
  }

  @Test
  void explicitFalseStillTurnsAnAdoptedClustersProtectionOff() {
    protectedLegacyCluster();

    op.client.resource(adopted(s -> s.setDeletionProtection(false))).create();

    eventually(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(op.api().describe("legacy-db").deletionProtection()).isFalse());
    awaitReady("legacy");
  }

  @Test
  void explicitTrueProtectsAnAdoptedClusterAndUnsetCreatesUnprotected() {
    op.api().addExistingCluster("legacy-db", "15.10", Map.of());
    op.client.resource(adopted(s -> s.setDeletionProtection(true))).create();
    op.client.resource(cluster("orders", s -> {})).create();

    eventually(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(op.api().describe("legacy-db").deletionProtection()).isTrue());
    awaitReady("orders");
    assertThat(op.api().createRequests()).singleElement()
        .satisfies(c -> assertThat(c.deletionProtection()).isFalse());
    assertThat(op.api().describe("orders-db").deletionProtection()).isFalse();
  }
}
