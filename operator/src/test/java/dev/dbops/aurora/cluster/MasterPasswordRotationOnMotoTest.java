package dev.dbops.aurora.cluster;

import static dev.dbops.aurora.cluster.DatabaseClusterReconcilerTest.cluster;
import static dev.dbops.aurora.cluster.DatabaseClusterReconcilerTest.eventually;
import static dev.dbops.aurora.cluster.RunningOperator.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.aws.sdk.SdkAwsRegions;
import dev.dbops.aurora.status.Conditions;
import dev.dbops.aurora.testing.MotoServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.rds.model.ModifyDbClusterRequest;

/** A changed password Secret reaches AWS as one ModifyDBCluster MasterUserPassword through the real SDK. */
@ExtendWith(MotoServer.class)
class MasterPasswordRotationOnMotoTest {
  static final String NEW_PASSWORD = MasterPasswordRotationTest.NEW_PASSWORD;

  /** The passwords of the ModifyDBCluster requests moto accepted, as the SDK marshalled them. */
  final List<String> passwordsSent = new CopyOnWriteArrayList<>();
  SdkAwsRegions regions;
  RunningOperator op;

  @BeforeEach
  void start() {
    ExecutionInterceptor recorder = new ExecutionInterceptor() {
      @Override
      public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof ModifyDbClusterRequest modify && modify.masterUserPassword() != null) {
          passwordsSent.add(modify.masterUserPassword());
        }
      }
    };
    regions = new SdkAwsRegions(MotoServer.settings(Duration.ofMillis(500)), MotoServer.credentials(),
        SdkAwsRegions.DEFAULT_PAGE_SIZE, List.of(recorder));
    op = new RunningOperator(regions, RunningOperator.FAST);
    op.createMasterPasswordSecret(DatabaseClusterReconcilerTest.PASSWORD);
  }

  @AfterEach
  void stop() {
    op.close();
    regions.close();
  }

  boolean ready() {
    return Conditions.isTrue(op.get("orders").getStatus().getConditions(), Conditions.READY);
  }

  String connectionPassword() {
    var secret = op.client.secrets().inNamespace(NAMESPACE).withName("orders-connection").get();
    return new String(Base64.getDecoder().decode(secret.getData().get("password")), StandardCharsets.UTF_8);
  }

  @Test
  void changedSecretIsSentToAwsOnceEvenAcrossARestart() throws InterruptedException {
    op.client.resource(cluster("orders", s -> {})).create();
    eventually(Duration.ofSeconds(60)).until(this::ready);
    assertThat(passwordsSent).isEmpty();

    op.client.secrets().inNamespace(NAMESPACE).withName("orders-master").edit(s -> {
      s.setData(null);
      s.setStringData(Map.of("password", NEW_PASSWORD));
      return s;
    });

    eventually(Duration.ofSeconds(60)).untilAsserted(() -> {
      assertThat(passwordsSent).containsExactly(NEW_PASSWORD);
      assertThat(connectionPassword()).isEqualTo(NEW_PASSWORD);
    });
    eventually(Duration.ofSeconds(60)).until(this::ready);

    op.restart();
    Thread.sleep(3000);
    eventually(Duration.ofSeconds(60)).until(this::ready);
    assertThat(passwordsSent).containsExactly(NEW_PASSWORD);
    assertThat(Serialization.asYaml(op.get("orders").getStatus())).contains("masterPasswordFingerprint: \"sha256:")
        .doesNotContain(NEW_PASSWORD);
  }
}
