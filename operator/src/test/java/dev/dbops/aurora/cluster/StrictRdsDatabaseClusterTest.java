package dev.dbops.aurora.cluster;

import static dev.dbops.aurora.cluster.DatabaseClusterReconcilerTest.cluster;
import static dev.dbops.aurora.cluster.DatabaseClusterReconcilerTest.eventually;
import static dev.dbops.aurora.cluster.RunningOperator.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.aws.AwsSettings;
import dev.dbops.aurora.aws.sdk.ApiCallCounter;
import dev.dbops.aurora.aws.sdk.SdkAwsRegions;
import dev.dbops.aurora.model.cluster.ClusterPhase;
import dev.dbops.aurora.model.cluster.DatabaseCluster;
import dev.dbops.aurora.model.cluster.DeletionPolicy;
import dev.dbops.aurora.status.Conditions;
import dev.dbops.aurora.testing.MotoServer;
import dev.dbops.aurora.testing.strictrds.Settings;
import dev.dbops.aurora.testing.strictrds.StrictRds;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;

/**
 * DatabaseClusterOnMotoTest's lifecycle with the reconciler talking to {@link StrictRds} in front of moto:
 * transitions that take seconds, refusals while they run, describes that lag creates, and faults.
 * The checks read moto directly, past the proxy, so they see what was really done.
 */
@ExtendWith(MotoServer.class)
class StrictRdsDatabaseClusterTest {
  private StrictRds strict;
  private SdkAwsRegions regions;
  private RdsClient moto;
  private RunningOperator op;

  private void start(Settings settings) {
    strict = StrictRds.inFrontOf(MotoServer.endpoint(), settings);
    regions = new SdkAwsRegions(new AwsSettings(MotoServer.REGION, Optional.of(strict.endpoint()),
        Duration.ofMillis(500), 3));
    try (SdkAwsRegions direct = new SdkAwsRegions(MotoServer.settings())) {
      moto = direct.configure(RdsClient.builder(), MotoServer.REGION, new ApiCallCounter())
          .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder().build()).build();
    }
    op = new RunningOperator(regions, RunningOperator.FAST);
    op.createMasterPasswordSecret(DatabaseClusterReconcilerTest.PASSWORD);
  }

  @AfterEach
  void stop() {
    if (op != null) {
      op.close();
    }
    if (moto != null) {
      moto.close();
    }
    if (regions != null) {
      regions.close();
    }
    if (strict != null) {
      strict.close();
    }
  }

  @Test
  void createsModifiesAndDeletesWithFinalSnapshotWhenTransitionsTakeTime() {
    start(Settings.realisticScaledDown());

    lifecycle("orders-db");

    System.out.println("StrictRds realisticScaledDown, DatabaseCluster lifecycle: " + strict.counts());
  }

  @Test
  void createsModifiesAndDeletesWithFinalSnapshotWhenOneRequestInFiveFails() {
    start(Settings.realisticScaledDown().withFaults(0.2, 20261201));

    lifecycle("orders-db");

    System.out.println("StrictRds realisticScaledDown + 20% faults, DatabaseCluster lifecycle: " + strict.counts());
    assertThat(strict.counts().injected()).isPositive();
  }

  @Test
  void mixedCaseClusterIdentifierBecomesReady() {
    start(Settings.instant());

    op.client.resource(cluster("orders", spec -> spec.setClusterIdentifier("Orders-DB"))).create();

    eventually(Duration.ofSeconds(30)).until(() -> Conditions.isTrue(op.get("orders").getStatus().getConditions(), "Ready"));
    assertThat(moto.describeDBClusters().dbClusters()).extracting(DBCluster::dbClusterIdentifier)
        .containsExactly("orders-db");
  }

  @Test
  void secondSpecChangeWhileTheFirstIsBeingAppliedWaitsInsteadOfBeingRefused() {
    start(Settings.realisticScaledDown());
    op.client.resource(cluster("orders", spec -> { })).create();
    eventually(Duration.ofSeconds(60)).until(() -> Conditions.isTrue(op.get("orders").getStatus().getConditions(), "Ready"));

    op.editSpec("orders", spec -> spec.getScaling().setMaxCapacity(16.0));
    eventually(Duration.ofSeconds(30)).until(() -> strict.counts().requests("ModifyDBCluster") == 1);
    op.editSpec("orders", spec -> spec.getScaling().setMinCapacity(2.0));

    eventually(Duration.ofSeconds(60)).until(() -> describe("orders-db").serverlessV2ScalingConfiguration().minCapacity() == 2.0
        && Conditions.isTrue(op.get("orders").getStatus().getConditions(), "Ready"));
    System.out.println("StrictRds realisticScaledDown, two spec changes: " + strict.counts());
    assertThat(describe("orders-db").serverlessV2ScalingConfiguration().maxCapacity()).isEqualTo(16.0);
    // The reconciler waits for `available` before it modifies again: RDS never had to refuse it.
    assertThat(strict.counts().refused("InvalidDBClusterStateFault")).isZero();
  }

  @Test
  void createsTheClusterAndItsInstanceOnceWhenDescribesLagCreates() {
    start(Settings.instant().withConsistencyDelay(Duration.ofSeconds(1)));

    op.client.resource(cluster("orders", spec -> { })).create();

    eventually(Duration.ofSeconds(30)).until(() -> Conditions.isTrue(op.get("orders").getStatus().getConditions(), "Ready"));
    assertThat(strict.counts().requests("CreateDBCluster")).isEqualTo(1);
    assertThat(strict.counts().requests("CreateDBInstance")).isEqualTo(1);
    assertThat(op.get("orders").getStatus().getLastError()).isNull();
  }

  private void lifecycle(String id) {
    op.client.resource(cluster("orders", spec -> {
      spec.getScaling().setMaxCapacity(4.0);
      spec.setDeletionPolicy(DeletionPolicy.Snapshot);
    })).create();

    eventually(Duration.ofSeconds(90)).until(() -> Conditions.isTrue(op.get("orders").getStatus().getConditions(), "Ready"));
    DatabaseCluster ready = op.get("orders");
    DBCluster created = describe(id);
    assertThat(ready.getStatus().getPhase()).isEqualTo(ClusterPhase.Available);
    assertThat(ready.getStatus().getEndpoint()).isEqualTo(created.endpoint());
    assertThat(created.serverlessV2ScalingConfiguration().maxCapacity()).isEqualTo(4.0);
    assertThat(moto.describeDBClusters().dbClusters()).hasSize(1);
    assertThat(moto.describeDBInstances(b -> b.filters(f -> f.name("db-cluster-id").values(id))).dbInstances())
        .singleElement().satisfies(i -> assertThat(i.dbInstanceClass()).isEqualTo("db.serverless"));

    op.editSpec("orders", spec -> spec.getScaling().setMaxCapacity(16.0));
    eventually(Duration.ofSeconds(90)).until(() -> describe(id).serverlessV2ScalingConfiguration().maxCapacity() == 16.0);
    eventually(Duration.ofSeconds(60)).until(() -> op.get("orders").getStatus().getScaling().getMaxCapacity() == 16.0);

    op.client.resources(DatabaseCluster.class).inNamespace(NAMESPACE).withName("orders").delete();
    eventually(Duration.ofSeconds(90)).until(() -> op.get("orders") == null);
    eventually(Duration.ofSeconds(30)).until(() -> moto.describeDBClusters().dbClusters().isEmpty());
    assertThat(moto.describeDBClusterSnapshots(b -> b.snapshotType("manual")).dbClusterSnapshots())
        .singleElement().satisfies(s -> assertThat(s.dbClusterSnapshotIdentifier()).startsWith(id + "-final-"));
  }

  private DBCluster describe(String id) {
    return moto.describeDBClusters(b -> b.dbClusterIdentifier(id)).dbClusters().get(0);
  }
}
