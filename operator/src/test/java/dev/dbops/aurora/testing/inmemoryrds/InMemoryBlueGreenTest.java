package dev.dbops.aurora.testing.inmemoryrds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbops.aurora.aws.AwsErrorKind;
import dev.dbops.aurora.aws.AwsException;
import dev.dbops.aurora.aws.BlueGreenDeployment;
import dev.dbops.aurora.aws.NewBlueGreenDeployment;
import java.time.Duration;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** The in-memory RDS's Blue/Green deployments and engine-mode change refuse what RDS refuses and take reads. */
class InMemoryBlueGreenTest {
  private static final String BLUE_ARN = InMemoryRds.arn("cluster", "shop");
  private final InMemoryRds rds = new InMemoryRds(3);

  @Test
  void createNeedsLogicalReplicationInEffectSoAGroupChangeWaitsForTheReboot() {
    rds.addSource("shop", "13.12", "provisioned");
    rds.addClusterParameterGroup("shop-logical", "aurora-postgresql13");
    rds.setParameterGroup("shop", "shop-logical");
    assertRefused(this::create, "SourceClusterNotSupportedFault", AwsErrorKind.TERMINAL, "is 0 in effect");

    rds.putClusterParameterGroup("shop-logical", "aurora-postgresql13", Map.of("rds.logical_replication", "1"), Map.of());
    assertRefused(this::create, "SourceClusterNotSupportedFault", AwsErrorKind.TERMINAL, "pending reboot");

    rds.rebootInstance("shop-instance");
    assertRefused(() -> rds.rebootInstance("shop-instance"), "InvalidDBInstanceState", AwsErrorKind.INVALID_STATE, "");
    BlueGreenDeployment created = create();
    assertThat(created.status()).isEqualTo("PROVISIONING");
    assertRefused(this::create, "BlueGreenDeploymentAlreadyExistsFault", AwsErrorKind.ALREADY_EXISTS, "");
  }

  @Test
  void provisioningTakesReadsSwitchoverOnlyFromAvailableAndRenamesBlueOld1() {
    logicalSource();
    String id = create().identifier();
    assertRefused(() -> rds.switchoverBlueGreenDeployment(id, Duration.ofMinutes(5)),
        "InvalidBlueGreenDeploymentStateFault", AwsErrorKind.INVALID_STATE, "PROVISIONING");
    assertThat(status(id)).isEqualTo("PROVISIONING");
    assertThat(status(id)).isEqualTo("PROVISIONING");
    BlueGreenDeployment available = rds.findBlueGreenDeployment(id).orElseThrow();
    assertThat(available.status()).isEqualTo("AVAILABLE");
    String green = available.targetArn().substring(available.targetArn().lastIndexOf(':') + 1);
    assertThat(green).startsWith("shop-green-");
    assertThat(rds.describe(green).engineVersion()).isEqualTo("15.4");

    assertRefused(() -> rds.switchoverBlueGreenDeployment(id, Duration.ofSeconds(29)), "InvalidParameterValue",
        AwsErrorKind.TERMINAL, "");
    assertThat(rds.switchoverBlueGreenDeployment(id, Duration.ofMinutes(5)).status()).isEqualTo("SWITCHOVER_IN_PROGRESS");
    assertRefused(() -> rds.deleteBlueGreenDeployment(id, false), "InvalidBlueGreenDeploymentStateFault",
        AwsErrorKind.INVALID_STATE, "");
    assertThat(rds.clusterExists(green)).isTrue();
    assertThat(status(id)).isEqualTo("SWITCHOVER_IN_PROGRESS");
    assertThat(status(id)).isEqualTo("SWITCHOVER_IN_PROGRESS");
    assertThat(status(id)).isEqualTo("SWITCHOVER_COMPLETED");
    assertThat(rds.clusterExists(green)).isFalse();
    assertThat(rds.describe("shop").engineVersion()).isEqualTo("15.4");
    assertThat(rds.describe("shop-old1").engineVersion()).isEqualTo("13.12");
    assertThat(rds.findInstances("shop-old1")).extracting(i -> i.identifier()).containsExactly("shop-instance");

    assertRefused(() -> rds.deleteBlueGreenDeployment(id, true), "InvalidParameterCombination", AwsErrorKind.TERMINAL, "");
    rds.deleteBlueGreenDeployment(id, false);
    rds.deleteBlueGreenDeployment(id, false);
    assertThat(rds.findBlueGreenDeployment(id)).isEmpty();
    assertThat(rds.clusterIds()).contains("shop", "shop-old1");
  }

  @Test
  void serverlessV1AndManagedPasswordSourcesAreNotSupportedAndOnlyV1ChangesEngineMode() {
    rds.addSource("legacy", "13.12", "serverless");
    assertRefused(() -> rds.createBlueGreenDeployment(new NewBlueGreenDeployment("legacy-bg",
            InMemoryRds.arn("cluster", "legacy"), "15.4", null, Map.of())), "SourceClusterNotSupportedFault",
        AwsErrorKind.TERMINAL, "Serverless v1");
    rds.addSource("modern", "13.12", "provisioned");
    assertRefused(() -> rds.convertToProvisioned("modern", "db.r6g.large"), "InvalidParameterCombination",
        AwsErrorKind.TERMINAL, "Serverless v1 clusters only");

    assertThat(rds.convertToProvisioned("legacy", "db.r6g.large").status()).isEqualTo("modifying");
    assertRefused(() -> rds.convertToProvisioned("legacy", "db.r6g.large"), "InvalidParameterCombination",
        AwsErrorKind.TERMINAL, "");
    assertThat(rds.describe("legacy").engineMode()).isEqualTo("provisioned");
  }

  private void logicalSource() {
    rds.addSource("shop", "13.12", "provisioned");
    rds.addClusterParameterGroup("shop-logical", "aurora-postgresql13", Map.of("rds.logical_replication", "1"));
    rds.setParameterGroup("shop", "shop-logical");
  }

  private BlueGreenDeployment create() {
    return rds.createBlueGreenDeployment(new NewBlueGreenDeployment("shop-to-15", BLUE_ARN, "15.4", null, Map.of()));
  }

  private String status(String id) {
    return rds.findBlueGreenDeployment(id).orElseThrow().status();
  }

  private static void assertRefused(ThrowingCallable call, String code, AwsErrorKind kind, String messagePart) {
    assertThatThrownBy(call).isInstanceOfSatisfying(AwsException.class, e -> {
      assertThat(e.code()).isEqualTo(code);
      assertThat(e.kind()).isEqualTo(kind);
      assertThat(e.getMessage()).contains(messagePart);
    });
  }
}
