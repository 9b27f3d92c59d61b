package dev.dbops.aurora.cluster;

import static dev.dbops.aurora.cluster.DatabaseClusterReconcilerTest.cluster;
import static dev.dbops.aurora.cluster.DatabaseClusterReconcilerTest.eventually;
import static dev.dbops.aurora.cluster.RunningOperator.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.aws.sdk.ApiCallCounter;
import dev.dbops.aurora.aws.sdk.SdkAwsRegions;
import dev.dbops.aurora.model.cluster.ClusterPhase;
import dev.dbops.aurora.model.cluster.DatabaseCluster;
import dev.dbops.aurora.model.cluster.DeletionPolicy;
import dev.dbops.aurora.status.Conditions;
import dev.dbops.aurora.testing.MotoServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;

/** The DatabaseCluster reconciler through the real AWS SDK against moto: create, modify, delete with a final snapshot. */
@ExtendWith(MotoServer.class)
class DatabaseClusterOnMotoTest {
  private SdkAwsRegions regions;
  private RdsClient rds;
  private RunningOperator op;

  @BeforeEach
  void start() {
    regions = new SdkAwsRegions(MotoServer.settings(Duration.ofMillis(500)));
    rds = regions.configure(RdsClient.builder(), MotoServer.REGION, new ApiCallCounter()).build();
    op = new RunningOperator(regions, RunningOperator.FAST);
    op.createMasterPasswordSecret(DatabaseClusterReconcilerTest.PASSWORD);
  }

  @AfterEach
  void stop() {
    op.close();
    rds.close();
    regions.close();
  }

  @Test
  void createsModifiesAndDeletesWithFinalSnapshotInMoto() {
    op.client.resource(cluster("orders", spec -> {
      spec.getScaling().setMaxCapacity(4.0);
      spec.setDeletionPolicy(DeletionPolicy.Snapshot);
    })).create();

    eventually(Duration.ofSeconds(60)).until(() -> Conditions.isTrue(op.get("orders").getStatus().getConditions(), "Ready"));
    DatabaseCluster ready = op.get("orders");
    DBCluster created = describe("orders-db");
    assertThat(ready.getStatus().getPhase()).isEqualTo(ClusterPhase.Available);
    assertThat(ready.getStatus().getEndpoint()).isEqualTo(created.endpoint());
    assertThat(created.engineMode()).isEqualTo("provisioned");
    assertThat(created.serverlessV2ScalingConfiguration().maxCapacity()).isEqualTo(4.0);
    assertThat(rds.describeDBInstances(b -> b.filters(f -> f.name("db-cluster-id").values("orders-db"))).dbInstances())
        .singleElement().satisfies(i -> assertThat(i.dbInstanceClass()).isEqualTo("db.serverless"));

    op.editSpec("orders", spec -> {
      spec.getScaling().setMaxCapacity(16.0);
    });
    eventually(Duration.ofSeconds(60)).until(() -> describe("orders-db").serverlessV2ScalingConfiguration().maxCapacity() == 16.0);
    eventually(Duration.ofSeconds(30)).until(() -> op.get("orders").getStatus().getScaling().getMaxCapacity() == 16.0);

    op.client.resources(DatabaseCluster.class).inNamespace(NAMESPACE).withName("orders").delete();
    eventually(Duration.ofSeconds(60)).until(() -> op.get("orders") == null);
    assertThat(rds.describeDBClusters().dbClusters()).noneMatch(c -> c.dbClusterIdentifier().equals("orders-db"));
    assertThat(rds.describeDBClusterSnapshots(b -> b.snapshotType("manual")).dbClusterSnapshots())
        .singleElement().satisfies(s -> assertThat(s.dbClusterSnapshotIdentifier()).startsWith("orders-db-final-"));
  }

  private DBCluster describe(String id) {
    return rds.describeDBClusters(b -> b.dbClusterIdentifier(id)).dbClusters().get(0);
  }
}
