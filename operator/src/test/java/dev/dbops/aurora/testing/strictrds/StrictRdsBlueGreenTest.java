package dev.dbops.aurora.testing.strictrds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbops.aurora.testing.MotoServer;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.RdsException;

/** The strict RDS's Blue/Green and engine-mode rules, through the real SDK in front of moto. */
@ExtendWith(MotoServer.class)
class StrictRdsBlueGreenTest {
  private StrictRds strict;
  private RdsClient rds;

  @AfterEach
  void stop() {
    rds.close();
    strict.close();
  }

  @Test
  void provisioningAndSwitchoverTakeTheirTimeAndSwitchoverWaitsForAvailable() {
    Duration z = Duration.ZERO;
    // Green's build takes the upgrade's time (2 s), the switchover the modify's (1 s).
    start(new Settings.Durations(z, Duration.ofSeconds(1), Duration.ofSeconds(2), z, z, z, z, z, z, z));
    DBCluster blue = createCluster("shop", "provisioned");

    String id = rds.createBlueGreenDeployment(b -> b.blueGreenDeploymentName("shop-bg").source(blue.dbClusterArn())
        .targetEngineVersion("15.4")).blueGreenDeployment().blueGreenDeploymentIdentifier();
    assertThat(status(id)).isEqualTo("PROVISIONING");
    assertRefused(() -> rds.switchoverBlueGreenDeployment(b -> b.blueGreenDeploymentIdentifier(id)),
        "InvalidBlueGreenDeploymentStateFault");
    Instant until = Instant.now().plusSeconds(10);
    while (status(id).equals("PROVISIONING") && Instant.now().isBefore(until)) {
      sleep();
    }
    assertThat(status(id)).isEqualTo("AVAILABLE");

    assertThat(rds.switchoverBlueGreenDeployment(b -> b.blueGreenDeploymentIdentifier(id)).blueGreenDeployment().status())
        .isEqualTo("SWITCHOVER_IN_PROGRESS");
    assertThat(status(id)).isEqualTo("SWITCHOVER_IN_PROGRESS");
    assertRefused(() -> rds.deleteBlueGreenDeployment(b -> b.blueGreenDeploymentIdentifier(id)),
        "InvalidBlueGreenDeploymentStateFault");
    while (status(id).equals("SWITCHOVER_IN_PROGRESS") && Instant.now().isBefore(until)) {
      sleep();
    }
    assertThat(status(id)).isEqualTo("SWITCHOVER_COMPLETED");
    assertThat(rds.describeDBClusters(b -> b.dbClusterIdentifier("shop-old1")).dbClusters()).hasSize(1);
  }

  @Test
  void engineModeChangeOnlyForServerlessV1WithAnInstanceClassAndItTakesTime() {
    Duration z = Duration.ZERO;
    start(new Settings.Durations(z, Duration.ofSeconds(1), z, z, z, z, z, z, z, z));
    createCluster("modern", "provisioned");
    assertRefused(() -> rds.modifyDBCluster(b -> b.dbClusterIdentifier("modern").engineMode("provisioned")
        .allowEngineModeChange(true).dbClusterInstanceClass("db.r6g.large").applyImmediately(true)),
        "InvalidParameterCombination");

    createCluster("legacy", "serverless");
    assertRefused(() -> rds.modifyDBCluster(b -> b.dbClusterIdentifier("legacy").engineMode("provisioned")
        .allowEngineModeChange(true).applyImmediately(true)), "InvalidParameterCombination");
    DBCluster converting = rds.modifyDBCluster(b -> b.dbClusterIdentifier("legacy").engineMode("provisioned")
        .allowEngineModeChange(true).dbClusterInstanceClass("db.r6g.large").applyImmediately(true)).dbCluster();
    assertThat(converting.status()).isEqualTo("modifying");
    assertRefused(() -> rds.modifyDBCluster(b -> b.dbClusterIdentifier("legacy").deletionProtection(true)),
        "InvalidDBClusterStateFault");
  }

  private void start(Settings.Durations durations) {
    strict = StrictRds.inFrontOf(MotoServer.endpoint(), Settings.instant().withDurations(durations));
    rds = StrictRdsClients.rds(strict.endpoint(), 1);
  }

  private DBCluster createCluster(String id, String engineMode) {
    rds.createDBCluster(b -> b.dbClusterIdentifier(id).engine("aurora-postgresql").engineVersion("13.12")
        .engineMode(engineMode).masterUsername("app_admin").masterUserPassword("password123"));
    return rds.describeDBClusters(b -> b.dbClusterIdentifier(id)).dbClusters().get(0);
  }

  private String status(String id) {
    return rds.describeBlueGreenDeployments(b -> b.blueGreenDeploymentIdentifier(id)).blueGreenDeployments().get(0).status();
  }

  private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String code) {
    assertThatThrownBy(call).isInstanceOfSatisfying(RdsException.class,
        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code));
  }

  private static void sleep() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
