package dev.dbops.aurora.migration.bluegreen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbops.aurora.aws.AuroraCluster;
import dev.dbops.aurora.aws.AwsErrorKind;
import dev.dbops.aurora.aws.AwsException;
import dev.dbops.aurora.aws.sdk.ApiCallCounter;
import dev.dbops.aurora.aws.sdk.SdkAwsRegions;
import dev.dbops.aurora.aws.sdk.SdkClusterApi;
import dev.dbops.aurora.postgres.SchemaFinding;
import dev.dbops.aurora.testing.MotoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Pattern;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.CreateDbClusterRequest;
import software.amazon.awssdk.services.rds.model.Parameter;

/**
 * RDS's side of Blue/Green readiness through the real SDK to moto, for every fact moto models: managed master
 * password, stopped status, RDS Proxy targets, Global Database membership, cross-Region read replicas, engine
 * mode, engine version and the source's cluster parameter group.
 */
@ExtendWith(MotoServer.class)
class BlueGreenReadinessOnMotoTest {
  private static final String OTHER_REGION = "us-west-2";

  private SdkAwsRegions regions;
  private SdkClusterApi api;
  private RdsClient rds;

  @BeforeEach
  void connect() {
    regions = new SdkAwsRegions(MotoServer.settings(), MotoServer.credentials(), SdkAwsRegions.DEFAULT_PAGE_SIZE);
    api = regions.sdkClusters(MotoServer.REGION);
    rds = regions.configure(RdsClient.builder(), MotoServer.REGION, new ApiCallCounter()).build();
  }

  @AfterEach
  void close() {
    rds.close();
    regions.close();
  }

  @Test
  void readySourceOnlyWarnsAboutTheRebootForLogicalReplicationAndDdl() {
    AuroraCluster source = cluster("orders", b -> {});

    BlueGreenReadiness readiness = assess(source);

    assertThat(readiness.ready()).isTrue();
    assertThat(checks(readiness.warnings())).containsExactly("logical-replication-reboot", "ddl-during-deployment");
    assertThat(readiness.warnings().get(0).message())
        .contains("default DB cluster parameter group").contains("reboot").contains("planned downtime");
  }

  @Test
  void logicalReplicationAlreadyOnNeedsNoReboot() {
    rds.createDBClusterParameterGroup(b -> b.dbClusterParameterGroupName("orders-pg13")
        .dbParameterGroupFamily("aurora-postgresql13").description("logical replication on"));
    rds.modifyDBClusterParameterGroup(b -> b.dbClusterParameterGroupName("orders-pg13")
        .parameters(parameter("rds.logical_replication", "1")));

    BlueGreenReadiness readiness = assess(cluster("orders", b -> b.dbClusterParameterGroupName("orders-pg13")));

    assertThat(checks(readiness.warnings())).containsExactly("ddl-during-deployment");
  }

  @Test
  void logicalReplicationOffInItsOwnGroupIsPlannedDowntime() {
    rds.createDBClusterParameterGroup(b -> b.dbClusterParameterGroupName("orders-pg13")
        .dbParameterGroupFamily("aurora-postgresql13").description("no logical replication"));
    rds.modifyDBClusterParameterGroup(b -> b.dbClusterParameterGroupName("orders-pg13")
        .parameters(parameter("rds.logical_replication", "0")));

    BlueGreenReadiness readiness = assess(cluster("orders", b -> b.dbClusterParameterGroupName("orders-pg13")));

    assertThat(readiness.ready()).isTrue();
    assertThat(readiness.warnings()).filteredOn(f -> f.check().equals("logical-replication-reboot")).singleElement()
        .satisfies(f -> assertThat(f.message()).contains("orders-pg13").contains("reboot of the writer"));
  }

  @Test
  void managedMasterPasswordBlocks() {
    BlueGreenReadiness readiness = assess(cluster("orders", b -> b.manageMasterUserPassword(true).masterUserPassword(null)));

    assertThat(readiness.ready()).isFalse();
    assertThat(checks(readiness.blockers())).containsExactly("managed-master-password");
    assertThat(readiness.blockers().get(0).advice()).contains("--no-manage-master-user-password");
  }

  @Test
  void stoppedClusterBlocks() {
    cluster("orders", b -> {});
    rds.stopDBCluster(b -> b.dbClusterIdentifier("orders"));
    api.refresh("orders");

    BlueGreenReadiness readiness = assess(api.findCluster("orders").orElseThrow());

    assertThat(checks(readiness.blockers())).containsExactly("cluster-stopped");
  }

  @Test
  void versionBelowTheBlueGreenMinimumBlocks() {
    BlueGreenReadiness readiness = assess(cluster("orders", b -> b.engineVersion("13.9")));

    assertThat(readiness.blockers()).singleElement().satisfies(f -> {
      assertThat(f.check()).isEqualTo("engine-version-below-minimum");
      assertThat(f.message()).contains("13.9").contains("13.12");
    });
  }

  @Test
  void serverlessV1NeedsTheEngineModeConversionFirst() {
    BlueGreenReadiness readiness = assess(cluster("orders", b -> b.engineMode("serverless")));

    assertThat(readiness.ready()).isTrue();
    assertThat(readiness.warnings()).filteredOn(f -> f.check().equals("serverless-v1-conversion")).singleElement()
        .satisfies(f -> assertThat(f.message()).contains("EngineMode=provisioned").contains("planned downtime"));
  }

  @Test
  void rdsProxyTargetingTheSourceIsNamedAndOthersAreNot() {
    cluster("orders", b -> {});
    cluster("billing", b -> {});
    proxy("orders-proxy", "orders");
    proxy("billing-proxy", "billing");

    assertThat(api.proxiesTargeting("orders")).containsExactly("orders-proxy");
    BlueGreenReadiness readiness = assess(api.findCluster("orders").orElseThrow());
    assertThat(readiness.warnings()).filteredOn(f -> f.check().equals("rds-proxy")).singleElement()
        .satisfies(f -> assertThat(f.message()).contains("orders-proxy").doesNotContain("billing-proxy"));
  }

  @Test
  void globalDatabaseMemberBlocks() {
    AuroraCluster source = cluster("orders", b -> {});
    rds.createGlobalCluster(b -> b.globalClusterIdentifier("orders-global").sourceDBClusterIdentifier(source.arn()));

    BlueGreenReadiness readiness = assess(source);

    assertThat(readiness.blockers()).singleElement().satisfies(f -> {
      assertThat(f.check()).isEqualTo("global-database");
      assertThat(f.message()).contains("orders-global");
    });
  }

  @Test
  void crossRegionReadReplicaBlocks() {
    AuroraCluster source = cluster("orders", b -> {});
    try (RdsClient west = regions.configure(RdsClient.builder(), OTHER_REGION, new ApiCallCounter()).build()) {
      // moto wants a master user even for a replica, which AWS does not.
      west.createDBCluster(b -> b.dbClusterIdentifier("orders-west").engine("aurora-postgresql").engineVersion("13.12")
          .masterUsername("postgres").masterUserPassword("not-a-real-one").replicationSourceIdentifier(source.arn()));
    }

    BlueGreenReadiness readiness = assess(source);

    assertThat(readiness.blockers()).singleElement().satisfies(f -> {
      assertThat(f.check()).isEqualTo("cross-region-replicas");
      assertThat(f.message()).contains(":" + OTHER_REGION + ":").contains("orders-west");
    });
    SdkClusterApi westApi = regions.sdkClusters(OTHER_REGION);
    assertThat(checks(assess(westApi, westApi.findCluster("orders-west").orElseThrow()).blockers()))
        .containsExactly("source-is-replica");
  }

  @Test
  void replicationOfAnUnknownClusterIsNotFound() {
    assertThatThrownBy(() -> api.replicationOf("ghost"))
        .isInstanceOfSatisfying(AwsException.class, e -> {
          assertThat(e.kind()).isEqualTo(AwsErrorKind.NOT_FOUND);
          assertThat(e.code()).isEqualTo("DBClusterNotFoundFault");
        });
  }

  private BlueGreenReadiness assess(AuroraCluster source) {
    return assess(api, source);
  }

  private static BlueGreenReadiness assess(SdkClusterApi on, AuroraCluster source) {
    return BlueGreenReadinessCheck.assess(on, source, List::of);
  }

  private AuroraCluster cluster(String id, Consumer<CreateDbClusterRequest.Builder> more) {
    rds.createDBCluster(b -> {
      b.dbClusterIdentifier(id).engine("aurora-postgresql").engineVersion("13.12").masterUsername("postgres")
          .masterUserPassword("not-a-real-one");
      more.accept(b);
    });
    api.refresh(id);
    return api.findCluster(id).orElseThrow();
  }

  private void proxy(String name, String clusterId) {
    rds.createDBProxy(b -> b.dbProxyName(name).engineFamily("POSTGRESQL").roleArn("arn:aws:iam::123456789012:role/proxy")
        .vpcSubnetIds(defaultSubnets())
        .auth(a -> a.authScheme("SECRETS").secretArn("arn:aws:secretsmanager:us-east-1:123456789012:secret:x")));
    rds.registerDBProxyTargets(b -> b.dbProxyName(name).dbClusterIdentifiers(clusterId));
  }

  /**
   * moto checks a proxy's subnets against its EC2, whose default VPC has subnets; the project has no EC2 SDK, so
   * they are listed with one Query API call (moto routes it by the credential scope and checks no signature).
   */
  private static List<String> defaultSubnets() {
    try {
      HttpRequest request = HttpRequest.newBuilder(MotoServer.endpoint())
          .header("Content-Type", "application/x-www-form-urlencoded")
          .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/" + MotoServer.REGION
              + "/ec2/aws4_request, SignedHeaders=host, Signature=0")
          .POST(HttpRequest.BodyPublishers.ofString("Action=DescribeSubnets&Version=2016-11-15"))
          .build();
      String xml = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
      List<String> ids = Pattern.compile("<subnetId>(subnet-[0-9a-f]+)</subnetId>").matcher(xml).results()
          .map(m -> m.group(1)).distinct().limit(2).toList();
      assertThat(ids).as("default subnets in moto: " + xml).hasSize(2);
      return ids;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static List<String> checks(List<SchemaFinding> findings) {
    return findings.stream().map(SchemaFinding::check).toList();
  }

  private static Parameter parameter(String name, String value) {
    return Parameter.builder().parameterName(name).parameterValue(value).applyMethod("pending-reboot").build();
  }
}
