package dev.dbops.aurora.aws.sdk;

import static dev.dbops.aurora.aws.sdk.AwsFixtures.serverlessV2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbops.aurora.aws.AuroraCluster;
import dev.dbops.aurora.aws.AwsErrorKind;
import dev.dbops.aurora.aws.AwsException;
import dev.dbops.aurora.aws.BlueGreenDeployment;
import dev.dbops.aurora.aws.Capacity;
import dev.dbops.aurora.aws.NewBlueGreenDeployment;
import dev.dbops.aurora.testing.MotoServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Blue/Green and engine-mode calls of {@link SdkClusterApi} against moto: the requests are well formed and
 * the answers read into records. What moto does is recorded as it is, kinder than AWS (docs/testing.md lists
 * each gap and where the local Aurora and the in-memory RDS close it).
 */
@ExtendWith(MotoServer.class)
class SdkBlueGreenMotoTest {
  private SdkAwsRegions regions;
  private SdkClusterApi api;

  @BeforeEach
  void connect() {
    regions = new SdkAwsRegions(MotoServer.settings(), MotoServer.credentials(), SdkAwsRegions.DEFAULT_PAGE_SIZE);
    api = regions.sdkClusters(MotoServer.REGION);
  }

  @AfterEach
  void close() {
    regions.close();
  }

  @Test
  void createDescribeSwitchoverAndDeleteRoundTripThroughMoto() {
    AuroraCluster blue = api.createCluster(serverlessV2("bgblue", new Capacity(0.5, 4.0, null)));
    BlueGreenDeployment created = api.createBlueGreenDeployment(
        new NewBlueGreenDeployment("bgblue-to-16", blue.arn(), "16.4", null, Map.of("owner", "test")));

    assertThat(created.identifier()).startsWith("bgd-");
    assertThat(created.name()).isEqualTo("bgblue-to-16");
    assertThat(created.sourceArn()).isEqualTo(blue.arn());
    assertThat(created.targetArn()).contains(":cluster:bgblue-green-");
    assertThat(created.status()).isEqualTo("PROVISIONING");
    // moto: AVAILABLE on the next read, its tasks COMPLETED; AWS takes many minutes (green is built and upgraded).
    BlueGreenDeployment found = api.findBlueGreenDeployment(created.identifier()).orElseThrow();
    assertThat(found.status()).isEqualTo("AVAILABLE");
    assertThat(found.switchover()).extracting(BlueGreenDeployment.Member::sourceArn).contains(blue.arn());
    assertThat(found.tasks()).isNotEmpty().allSatisfy(t -> assertThat(t.status()).isEqualTo("COMPLETED"));
    assertThat(api.blueGreenDeploymentsOfSource(blue.arn())).extracting(BlueGreenDeployment::identifier)
        .containsExactly(created.identifier());
    String green = created.targetArn().substring(created.targetArn().lastIndexOf(':') + 1);
    assertThat(api.findCluster(green).orElseThrow().engineVersion()).isEqualTo("16.4");

    assertThatThrownBy(() -> api.createBlueGreenDeployment(
        new NewBlueGreenDeployment("bgblue-to-16", blue.arn(), "16.4", null, Map.of())))
        .isInstanceOfSatisfying(AwsException.class, e -> {
          assertThat(e.code()).isEqualTo("BlueGreenDeploymentAlreadyExistsFault");
          assertThat(e.kind()).isEqualTo(AwsErrorKind.ALREADY_EXISTS);
        });
    assertThatThrownBy(() -> api.switchoverBlueGreenDeployment(created.identifier(), Duration.ofSeconds(10)))
        .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.kind()).isEqualTo(AwsErrorKind.TERMINAL));

    BlueGreenDeployment switching = api.switchoverBlueGreenDeployment(created.identifier(), Duration.ofMinutes(5));
    assertThat(switching.status()).isEqualTo("SWITCHOVER_IN_PROGRESS");
    // moto: completed at once; green takes blue's identifier, blue gets -old1, as on AWS.
    assertThat(api.findBlueGreenDeployment(created.identifier()).orElseThrow().isSwitchedOver()).isTrue();
    api.refresh("bgblue");
    api.refresh("bgblue-old1");
    assertThat(api.findCluster("bgblue").orElseThrow().engineVersion()).isEqualTo("16.4");
    assertThat(api.findCluster("bgblue-old1").orElseThrow().engineVersion()).isEqualTo(blue.engineVersion());
    assertThatThrownBy(() -> api.switchoverBlueGreenDeployment(created.identifier(), Duration.ofMinutes(5)))
        .isInstanceOfSatisfying(AwsException.class, e -> {
          assertThat(e.code()).isEqualTo("InvalidBlueGreenDeploymentStateFault");
          assertThat(e.kind()).isEqualTo(AwsErrorKind.INVALID_STATE);
        });

    api.deleteBlueGreenDeployment(created.identifier(), false);
    assertThat(api.findBlueGreenDeployment(created.identifier())).isEmpty();
    api.deleteBlueGreenDeployment(created.identifier(), false);
    assertThat(api.findCluster("bgblue-old1")).isPresent();
  }

  @Test
  void aManagedMasterPasswordSourceIsRefusedAsNotSupported() {
    var request = serverlessV2("managedbg", new Capacity(0.5, 2.0, null));
    var managed = new dev.dbops.aurora.aws.NewCluster(request.identifier(), request.engine(), request.engineVersion(),
        request.scaling(), request.masterUsername(), null, true, null, request.databaseName(), request.port(), null,
        List.of(), true, null, 1, null, null, false, null, List.of(), false, Map.of());
    AuroraCluster source = api.createCluster(managed);

    assertThatThrownBy(() -> api.createBlueGreenDeployment(
        new NewBlueGreenDeployment("managed-to-16", source.arn(), "16.4", null, Map.of())))
        .isInstanceOfSatisfying(AwsException.class, e -> {
          assertThat(e.code()).isEqualTo("SourceClusterNotSupportedFault");
          assertThat(e.kind()).isEqualTo(AwsErrorKind.TERMINAL);
        });
  }

  @Test
  void engineModeChangeAndRebootAsMotoAnswersThem() {
    try (var rds = MotoRds.client(regions)) {
      rds.createDBCluster(b -> b.dbClusterIdentifier("v1source").engine("aurora-postgresql").engineVersion("13.12")
          .engineMode("serverless").masterUsername("postgres").masterUserPassword("password-1"));
    }
    api.findCluster("v1source");
    AuroraCluster converted = api.convertToProvisioned("v1source", "db.r6g.large");
    // moto sets the engine mode like any attribute: at once, available, and without the writer instance AWS adds.
    assertThat(converted.engineMode()).isEqualTo("provisioned");
    api.refresh("v1source");
    assertThat(api.findCluster("v1source").orElseThrow().status()).isEqualTo("available");
    assertThat(api.findInstances("v1source")).isEmpty();

    AuroraCluster provisioned = api.createCluster(serverlessV2("alreadyprov", new Capacity(0.5, 2.0, null)));
    // AWS refuses AllowEngineModeChange for anything but a Serverless v1 cluster; moto takes it.
    assertThat(api.convertToProvisioned(provisioned.identifier(), "db.r6g.large").engineMode()).isEqualTo("provisioned");

    api.createInstance(dev.dbops.aurora.aws.sdk.AwsFixtures.serverlessInstance("alreadyprov-1", "alreadyprov", 0));
    api.rebootInstance("alreadyprov-1");
    assertThat(api.findInstances("alreadyprov")).extracting(i -> i.identifier()).containsExactly("alreadyprov-1");
  }
}
