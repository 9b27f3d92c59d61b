package dev.dbops.aurora.cluster;

import static dev.dbops.aurora.cluster.DatabaseClusterReconcilerTest.cluster;
import static dev.dbops.aurora.cluster.DatabaseClusterReconcilerTest.eventually;
import static dev.dbops.aurora.cluster.RunningOperator.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.dbops.aurora.aws.Capacity;
import dev.dbops.aurora.aws.ClusterChanges;
import dev.dbops.aurora.aws.NewCluster;
import dev.dbops.aurora.model.cluster.ClusterPhase;
import dev.dbops.aurora.model.cluster.DatabaseCluster;
import dev.dbops.aurora.status.Conditions;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Editing the master password Secret sets the new password in AWS once, and never shows it anywhere. */
class MasterPasswordRotationTest {
  static final String NEW_PASSWORD = "n3w-R0tated-Pa55!";

  RunningOperator op;
  final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  Level previousLevel;

  @BeforeEach
  void start() {
    Logger ours = (Logger) LoggerFactory.getLogger("dev.dbops.aurora");
    previousLevel = ours.getLevel();
    ours.setLevel(Level.TRACE);
    logs.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    op = new RunningOperator();
    op.createMasterPasswordSecret(DatabaseClusterReconcilerTest.PASSWORD);
  }

  @AfterEach
  void stop() {
    op.close();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    ((Logger) LoggerFactory.getLogger("dev.dbops.aurora")).setLevel(previousLevel);
  }

  void awaitReady(String name) {
    eventually(Duration.ofSeconds(20)).untilAsserted(() -> {
      DatabaseCluster dbc = op.get(name);
      assertThat(dbc.getStatus().getPhase()).isEqualTo(ClusterPhase.Available);
      assertThat(Conditions.isTrue(dbc.getStatus().getConditions(), Conditions.READY)).isTrue();
    });
  }

  void changePasswordSecret(String password) {
    op.client.secrets().inNamespace(NAMESPACE).withName("orders-master")
        .edit(s -> {
          s.setData(null);
          s.setStringData(Map.of("password", password));
          return s;
        });
  }

  List<ClusterChanges> passwordChanges() {
    return op.api().modifyRequests().stream().filter(c -> c.masterPassword() != null).toList();
  }

  String connectionSecretPassword(String name) {
    var secret = op.client.secrets().inNamespace(NAMESPACE).withName(name + "-connection").get();
    return new String(Base64.getDecoder().decode(secret.getData().get("password")), StandardCharsets.UTF_8);
  }

  List<Event> events() {
    return op.client.v1().events().inNamespace(NAMESPACE).list().getItems();
  }

  /** The password appears nowhere but in the Secrets and the requests to AWS. */
  void assertNowhereShown(String password, String name) {
    assertThat(Serialization.asYaml(op.get(name).getStatus())).contains("masterPasswordFingerprint")
        .doesNotContain(password);
    assertThat(events()).isNotEmpty()
        .allSatisfy(e -> assertThat(Serialization.asYaml(e)).doesNotContain(password));
    assertThat(logs.list).isNotEmpty().allSatisfy(e -> {
      assertThat(e.getFormattedMessage()).doesNotContain(password);
      if (e.getThrowableProxy() != null) {
        assertThat(e.getThrowableProxy().getMessage()).doesNotContain(password);
      }
    });
  }

  @Test
  void changedSecretSetsTheNewPasswordOnceAndUpdatesTheConnectionSecret() throws InterruptedException {
    op.client.resource(cluster("orders", s -> {})).create();
    awaitReady("orders");
    Thread.sleep(500);
    assertThat(passwordChanges()).as("a created cluster already has its password").isEmpty();

    changePasswordSecret(NEW_PASSWORD);

    eventually(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(passwordChanges()).singleElement()
          .satisfies(c -> assertThat(c.masterPassword().reveal()).isEqualTo(NEW_PASSWORD))
          .satisfies(c -> assertThat(c.scaling()).isNull());
      assertThat(connectionSecretPassword("orders")).isEqualTo(NEW_PASSWORD);
      assertThat(events()).anySatisfy(e -> {
        assertThat(e.getReason()).isEqualTo("MasterPasswordRotated");
        assertThat(e.getMessage()).contains("orders-master");
      });
    });
    awaitReady("orders");
    Thread.sleep(1000); // several polls and a resync

    // Status remembers it: a new operator process does not send it again.
    op.restart();
    Thread.sleep(2500);
    awaitReady("orders");
    assertThat(passwordChanges()).hasSize(1);
    assertNowhereShown(NEW_PASSWORD, "orders");
    assertNowhereShown(DatabaseClusterReconcilerTest.PASSWORD, "orders");
  }

  @Test
  void awsManagedPasswordIsNeverSetFromTheSecret() throws InterruptedException {
    op.api().createCluster(new NewCluster("legacy-db", "aurora-postgresql", "15.10", new Capacity(0.5, 4.0, null),
        "postgres", null, true, null, "postgres", 5432, null, List.of(), true, null, 7, null, null, false, null,
        List.of(), true, Map.of()));
    op.client.resource(cluster("legacy", s -> {
      s.setClusterIdentifier("legacy-db");
      s.setAdoptExisting(true);
    })).create();
    awaitReady("legacy");
    assertThat(op.get("legacy").getStatus().getMasterUserSecretArn()).isNotNull();

    changePasswordSecret(NEW_PASSWORD);

    eventually(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(events()).anySatisfy(e -> {
      assertThat(e.getReason()).isEqualTo("MasterPasswordManagedByAws");
      assertThat(e.getType()).isEqualTo("Warning");
    }));
    Thread.sleep(1500);
    assertThat(passwordChanges()).isEmpty();
    assertThat(events()).filteredOn(e -> "MasterPasswordManagedByAws".equals(e.getReason())).hasSize(1);
  }
}
