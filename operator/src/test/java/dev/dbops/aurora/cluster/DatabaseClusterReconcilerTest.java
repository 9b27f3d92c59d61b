package dev.dbops.aurora.cluster;

import static dev.dbops.aurora.cluster.RunningOperator.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dbops.aurora.testing.inmemoryrds.InMemoryRds;
import dev.dbops.aurora.aws.AwsErrorKind;
import dev.dbops.aurora.aws.AwsException;
import dev.dbops.aurora.model.InstancesSpec;
import dev.dbops.aurora.model.MasterCredentialsSpec;
import dev.dbops.aurora.model.ScalingSpec;
import dev.dbops.aurora.model.SecretKeyRef;
import dev.dbops.aurora.model.cluster.ClusterPhase;
import dev.dbops.aurora.model.cluster.DatabaseCluster;
import dev.dbops.aurora.model.cluster.DatabaseClusterSpec;
import dev.dbops.aurora.model.cluster.DeletionPolicy;
import dev.dbops.aurora.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DatabaseClusterReconcilerTest {
  static final String PASSWORD = RunningOperator.PASSWORD;

  @RegisterExtension
  final RunningOperator op = RunningOperator.withMasterPasswordSecret();

  static DatabaseCluster cluster(String name, Consumer<DatabaseClusterSpec> customize) {
    DatabaseCluster dbc = new DatabaseCluster();
    dbc.getMetadata().setName(name);
    dbc.getMetadata().setNamespace(NAMESPACE);
    DatabaseClusterSpec spec = new DatabaseClusterSpec();
    spec.setClusterIdentifier(name + "-db");
    spec.setEngineVersion("15.10");
    ScalingSpec scaling = new ScalingSpec();
    scaling.setMinCapacity(0.5);
    scaling.setMaxCapacity(4.0);
    spec.setScaling(scaling);
    MasterCredentialsSpec credentials = new MasterCredentialsSpec();
    SecretKeyRef ref = new SecretKeyRef();
    ref.setName("orders-master");
    ref.setKey("password");
    credentials.setPasswordSecretRef(ref);
    spec.setMasterCredentials(credentials);
    spec.setDeletionPolicy(DeletionPolicy.Retain);
    customize.accept(spec);
    dbc.setSpec(spec);
    return dbc;
  }

  static org.awaitility.core.ConditionFactory eventually(Duration atMost) {
    return await().atMost(atMost).pollInterval(Duration.ofMillis(100)).ignoreExceptions();
  }

  DatabaseCluster apply(DatabaseCluster dbc) {
    return op.client.resource(dbc).create();
  }

  void edit(String name, Consumer<DatabaseClusterSpec> change) {
    op.editSpec(name, change);
  }

  Optional<Condition> condition(String name, String type) {
    DatabaseCluster dbc = op.get(name);
    if (dbc == null || dbc.getStatus() == null) {
      return Optional.empty();
    }
    return Conditions.find(dbc.getStatus().getConditions(), type);
  }

  void awaitReady(String name) {
    eventually(Duration.ofSeconds(20)).untilAsserted(() -> {
      DatabaseCluster dbc = op.get(name);
      assertThat(dbc.getStatus()).isNotNull();
      assertThat(dbc.getStatus().getPhase()).isEqualTo(ClusterPhase.Available);
      assertThat(condition(name, Conditions.READY)).get()
          .satisfies(c -> assertThat(c.getStatus()).isEqualTo("True"))
          .satisfies(c -> assertThat(c.getObservedGeneration()).isEqualTo(dbc.getMetadata().getGeneration()));
    });
  }

  @Test
  void createsClusterAndReportsEndpointsWhenReady() {
    apply(cluster("orders", s -> {}));

    eventually(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(op.get("orders").getStatus().getPhase()).isEqualTo(ClusterPhase.Creating));
    awaitReady("orders");

    DatabaseCluster dbc = op.get("orders");
    assertThat(dbc.getStatus().getEndpoint()).isEqualTo("orders-db.cluster-abc.us-east-1.rds.amazonaws.com");
    assertThat(dbc.getStatus().getReaderEndpoint()).isEqualTo("orders-db.cluster-ro-abc.us-east-1.rds.amazonaws.com");
    assertThat(dbc.getStatus().getPort()).isEqualTo(5432);
    assertThat(dbc.getStatus().getEngineVersion()).isEqualTo("15.10");
    assertThat(dbc.getStatus().getEngineMode()).isEqualTo("provisioned");
    assertThat(dbc.getStatus().getArn()).endsWith(":cluster:orders-db");
    assertThat(dbc.getStatus().getInstances()).singleElement()
        .satisfies(i -> assertThat(i.getIdentifier()).isEqualTo("orders-db-1"))
        .satisfies(i -> assertThat(i.getWriter()).isTrue());
    assertThat(dbc.getMetadata().getFinalizers()).isNotEmpty();
    assertThat(op.api().calls("createCluster")).hasSize(1);
    assertThat(op.api().createRequests().get(0).tags())
        .containsEntry(OwnerTag.KEY, NAMESPACE + "/orders");
  }

  @Test
  void scalingChangeModifiesClusterAndStatusShowsNewCapacity() {
    apply(cluster("orders", s -> {}));
    awaitReady("orders");

    edit("orders", s -> s.getScaling().setMaxCapacity(16.0));

    eventually(Duration.ofSeconds(20)).untilAsserted(() -> {
      DatabaseCluster dbc = op.get("orders");
      assertThat(dbc.getStatus().getScaling().getMaxCapacity()).isEqualTo(16.0);
      assertThat(dbc.getStatus().getScaling().getMinCapacity()).isEqualTo(0.5);
    });
    awaitReady("orders");
    assertThat(op.api().modifyRequests()).anySatisfy(c -> assertThat(c.scaling().max()).isEqualTo(16.0));
    assertThat(op.api().calls("createCluster")).hasSize(1);
  }

  @Test
  void addsAndRemovesInstances() {
    apply(cluster("orders", s -> {
      InstancesSpec instances = new InstancesSpec();
      instances.setCount(3);
      s.setInstances(instances);
    }));
    awaitReady("orders");
    assertThat(op.get("orders").getStatus().getInstances())
        .extracting(i -> i.getIdentifier())
        .containsExactlyInAnyOrder("orders-db-1", "orders-db-2", "orders-db-3");

    edit("orders", s -> s.getInstances().setCount(1));

    eventually(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(op.get("orders").getStatus().getInstances()).extracting(i -> i.getIdentifier())
          .containsExactly("orders-db-1");
      assertThat(condition("orders", Conditions.READY).get().getStatus()).isEqualTo("True");
    });
    assertThat(op.api().calls("deleteInstance")).extracting(InMemoryRds.Call::id)
        .containsExactlyInAnyOrder("orders-db-2", "orders-db-3");
  }

  @Test
  void terminalAwsErrorSetsReadyFalseWithoutHotLoop() throws InterruptedException {
    op.api().failAlways("createCluster", AwsErrorKind.TERMINAL, "InvalidParameterCombination",
        "Serverless v2 is not available for engine version 15.10 in this region");
    apply(cluster("orders", s -> {}));

    eventually(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(condition("orders", Conditions.READY)).get()
        .satisfies(c -> assertThat(c.getStatus()).isEqualTo("False"))
        .satisfies(c -> assertThat(c.getReason()).isEqualTo("InvalidParameterCombination"))
        .satisfies(c -> assertThat(c.getMessage()).contains("not available for engine version")));
    int attemptsSoFar = op.api().calls("createCluster").size();
    Thread.sleep(3000);
    assertThat(op.api().calls("createCluster")).hasSize(attemptsSoFar).hasSize(1);

    // A new spec deserves a new attempt at once.
    edit("orders", s -> s.setEngineVersion("15.12"));
    eventually(Duration.ofSeconds(10)).until(() -> op.api().calls("createCluster").size() == 2);
  }

  @Test
  void terminalErrorDuringCreateSetsPhaseFailed() {
    op.api().failAlways("createCluster", AwsErrorKind.TERMINAL, "InvalidParameterCombination",
        "Serverless v2 is not available for engine version 15.10 in this region");
    apply(cluster("orders", s -> {}));

    eventually(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(condition("orders", Conditions.READY)).get()
          .satisfies(c -> assertThat(c.getReason()).isEqualTo("InvalidParameterCombination"));
      assertThat(op.get("orders").getStatus().getPhase()).isEqualTo(ClusterPhase.Failed);
    });
  }

  @Test
  void terminalHoldSurvivesAnOperatorRestart() throws InterruptedException {
    op.api().failAlways("createCluster", AwsErrorKind.TERMINAL, "InvalidParameterCombination",
        "Serverless v2 is not available for engine version 15.10 in this region");
    apply(cluster("orders", s -> {}));
    eventually(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(condition("orders", Conditions.READY)).get()
        .satisfies(c -> assertThat(c.getReason()).isEqualTo("InvalidParameterCombination")));

    op.restart();
    Thread.sleep(3000);

    assertThat(op.api().calls("createCluster")).hasSize(1);
  }

  @Test
  void retryableErrorBacksOff() {
    op.api().fail("createCluster", new AwsException(AwsErrorKind.RETRYABLE, "Throttling", "Rate exceeded"), 3);
    apply(cluster("orders", s -> {}));

    eventually(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(condition("orders", Conditions.DEGRADED)).get()
        .satisfies(c -> assertThat(c.getStatus()).isEqualTo("True"))
        .satisfies(c -> assertThat(c.getMessage()).contains("Rate exceeded").contains("retrying in")));
    awaitReady("orders");

    var attempts = op.api().calls("createCluster");
    assertThat(attempts).hasSize(4);
    long first = attempts.get(1).atMillis() - attempts.get(0).atMillis();
    long second = attempts.get(2).atMillis() - attempts.get(1).atMillis();
    long third = attempts.get(3).atMillis() - attempts.get(2).atMillis();
    assertThat(first).isGreaterThanOrEqualTo(200);
    assertThat(second).isGreaterThanOrEqualTo(400);
    assertThat(third).isGreaterThanOrEqualTo(800);
    assertThat(condition("orders", Conditions.DEGRADED).get().getStatus()).isEqualTo("False");
  }

  void deleteAndAwaitGone(String name) {
    op.client.resources(DatabaseCluster.class).inNamespace(NAMESPACE).withName(name).delete();
    eventually(Duration.ofSeconds(30)).until(() -> op.get(name) == null);
  }

  @Test
  void neighbourInstanceInTheAnswerIsNeitherCountedNorModifiedNorDeleted() throws InterruptedException {
    op.api().addExistingCluster("neighbour-db", "15.10", java.util.Map.of("team", "payments"));
    op.api().ignoreInstanceFilter();
    apply(cluster("orders", s -> {}));

    awaitReady("orders");
    Thread.sleep(1000);

    assertThat(op.get("orders").getStatus().getInstances()).extracting(i -> i.getIdentifier())
        .containsExactly("orders-db-1");
    assertThat(op.api().instanceExists("neighbour-db-1")).isTrue();
    assertThat(op.api().calls()).filteredOn(c -> c.id().startsWith("neighbour-db"))
        .extracting(InMemoryRds.Call::method)
        .doesNotContain("deleteInstance", "modifyInstance", "modifyCluster", "addTags", "removeTags");
  }

  @Test
  void deletionLeavesANeighboursInstanceThatTheAnswerListed() {
    op.api().addExistingCluster("neighbour-db", "15.10", java.util.Map.of("team", "payments"));
    apply(cluster("orders", s -> s.setDeletionPolicy(DeletionPolicy.Delete)));
    awaitReady("orders");
    op.api().ignoreInstanceFilter();

    deleteAndAwaitGone("orders");

    assertThat(op.api().clusterExists("orders-db")).isFalse();
    assertThat(op.api().instanceExists("neighbour-db-1")).isTrue();
    assertThat(op.api().calls("deleteInstance")).extracting(InMemoryRds.Call::id).containsExactly("orders-db-1");
  }

  @Test
  void mixedCaseIdentifierIsTheClusterRdsStoresInLowerCase() throws InterruptedException {
    apply(cluster("orders", s -> {
      s.setClusterIdentifier("Orders-DB");
      InstancesSpec instances = new InstancesSpec();
      instances.setCount(2);
      s.setInstances(instances);
    }));

    awaitReady("orders");
    Thread.sleep(500);

    assertThat(op.api().calls("createCluster")).hasSize(1);
    assertThat(op.api().calls("createInstance")).hasSize(2);
    assertThat(op.api().calls("deleteInstance")).isEmpty();
    assertThat(op.get("orders").getStatus().getInstances()).extracting(i -> i.getIdentifier())
        .containsExactlyInAnyOrder("orders-db-1", "orders-db-2");
  }

  @Test
  void deletionPolicyRetainLeavesCluster() {
    apply(cluster("orders", s -> s.setDeletionPolicy(DeletionPolicy.Retain)));
    awaitReady("orders");

    deleteAndAwaitGone("orders");

    assertThat(op.api().clusterExists("orders-db")).isTrue();
    assertThat(op.api().calls("deleteCluster")).isEmpty();
    assertThat(op.api().calls("deleteInstance")).isEmpty();
  }

  @Test
  void deletionPolicySnapshotTakesFinalSnapshotThenDeletes() {
    DatabaseCluster created = apply(cluster("orders", s -> s.setDeletionPolicy(DeletionPolicy.Snapshot)));
    awaitReady("orders");
    String snapshotId = "orders-db-final-" + created.getMetadata().getUid().substring(0, 8);

    deleteAndAwaitGone("orders");

    assertThat(op.api().clusterExists("orders-db")).isFalse();
    assertThat(op.api().snapshot(snapshotId)).isPresent();
    var writes = op.api().calls().stream()
        .filter(c -> c.method().equals("deleteInstance") || c.method().equals("deleteCluster")).toList();
    assertThat(writes).extracting(c -> c.method() + " " + c.id())
        .containsExactly("deleteInstance orders-db-1", "deleteCluster orders-db snapshot=" + snapshotId);
    assertThat(op.api().calls("findSnapshot")).extracting(InMemoryRds.Call::id).contains(snapshotId);
    assertThat(events()).anySatisfy(e -> {
      assertThat(e.getReason()).isEqualTo("FinalSnapshotTaken");
      assertThat(e.getMessage()).contains(snapshotId);
    });
  }

  java.util.List<io.fabric8.kubernetes.api.model.Event> events() {
    return op.client.v1().events().inNamespace(NAMESPACE).list().getItems();
  }

  @Test
  void finalSnapshotNeverSeenKeepsTheResourceAndSaysSo() throws InterruptedException {
    DatabaseCluster created = apply(cluster("orders", s -> s.setDeletionPolicy(DeletionPolicy.Snapshot)));
    awaitReady("orders");
    String snapshotId = "orders-db-final-" + created.getMetadata().getUid().substring(0, 8);
    op.api().loseFinalSnapshots();

    op.client.resources(DatabaseCluster.class).inNamespace(NAMESPACE).withName("orders").delete();

    eventually(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(op.api().clusterExists("orders-db")).isFalse();
      assertThat(condition("orders", Conditions.DEGRADED)).get()
          .satisfies(c -> assertThat(c.getStatus()).isEqualTo("True"))
          .satisfies(c -> assertThat(c.getReason()).isEqualTo("FinalSnapshotMissing"))
          .satisfies(c -> assertThat(c.getMessage()).contains(snapshotId, "does not exist"));
    });
    Thread.sleep(1000);
    DatabaseCluster held = op.get("orders");
    assertThat(held).as("finalizer kept").isNotNull();
    assertThat(held.getStatus().getFinalSnapshotIdentifier()).isNull();
    assertThat(events()).anySatisfy(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getReason()).isEqualTo("FinalSnapshotMissing");
      assertThat(e.getMessage()).contains(snapshotId);
    });
    assertThat(events()).filteredOn(e -> "Normal".equals(e.getType()))
        .noneSatisfy(e -> assertThat(e.getMessage()).contains(snapshotId));

    // Letting it go without the snapshot is the user's explicit choice.
    edit("orders", s -> s.setDeletionPolicy(DeletionPolicy.Delete));
    eventually(Duration.ofSeconds(20)).until(() -> op.get("orders") == null);
  }

  @Test
  void deletionPolicyDeleteSkipsSnapshot() {
    apply(cluster("orders", s -> s.setDeletionPolicy(DeletionPolicy.Delete)));
    awaitReady("orders");

    deleteAndAwaitGone("orders");

    assertThat(op.api().clusterExists("orders-db")).isFalse();
    assertThat(op.api().calls("deleteCluster")).extracting(InMemoryRds.Call::id)
        .containsExactly("orders-db no-snapshot");
  }

  @Test
  void deletionProtectionKeepsFinalizerUntilTurnedOffInSpec() throws InterruptedException {
    apply(cluster("orders", s -> {
      s.setDeletionPolicy(DeletionPolicy.Delete);
      s.setDeletionProtection(true);
    }));
    awaitReady("orders");

    op.client.resources(DatabaseCluster.class).inNamespace(NAMESPACE).withName("orders").delete();
    eventually(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(condition("orders", Conditions.READY)).get()
        .satisfies(c -> assertThat(c.getReason()).isEqualTo("DeletionProtected"))
        .satisfies(c -> assertThat(c.getMessage()).contains("spec.deletionProtection: false")));
    Thread.sleep(1000);
    assertThat(op.get("orders")).isNotNull();
    assertThat(op.api().calls("deleteCluster")).isEmpty();
    assertThat(op.api().modifyRequests()).noneMatch(c -> Boolean.FALSE.equals(c.deletionProtection()));

    edit("orders", s -> s.setDeletionProtection(false));
    eventually(Duration.ofSeconds(30)).until(() -> op.get("orders") == null);
    assertThat(op.api().clusterExists("orders-db")).isFalse();
  }

  @Test
  void adoptionDoesNotCallCreate() {
    op.api().addExistingCluster("legacy-db", "15.10", java.util.Map.of("team", "payments"));
    apply(cluster("legacy", s -> {
      s.setClusterIdentifier("legacy-db");
      s.setAdoptExisting(true);
      s.setMasterCredentials(null);
      s.setTags(java.util.Map.of("team", "payments"));
    }));

    awaitReady("legacy");
    assertThat(op.api().calls("createCluster")).isEmpty();
    assertThat(op.api().calls("restoreFromSnapshot")).isEmpty();
    assertThat(op.api().tagsOf("legacy-db")).containsEntry(OwnerTag.KEY, NAMESPACE + "/legacy")
        .containsEntry("team", "payments");
  }

  @Test
  void adoptionLeavesTagsOthersSetAndRemovesOnlyTagsTheOperatorSet() {
    op.api().addExistingCluster("legacy-db", "15.10", java.util.Map.of("team", "payments", "cost-center", "42"));
    apply(cluster("legacy", s -> {
      s.setClusterIdentifier("legacy-db");
      s.setAdoptExisting(true);
      s.setMasterCredentials(null);
      s.setTags(java.util.Map.of("team", "payments", "app", "legacy"));
    }));
    awaitReady("legacy");
    assertThat(op.api().tagsOf("legacy-db")).containsEntry("cost-center", "42").containsEntry("app", "legacy");

    edit("legacy", s -> s.setTags(java.util.Map.of("team", "payments")));

    eventually(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(op.api().tagsOf("legacy-db")).doesNotContainKey("app"));
    awaitReady("legacy");
    assertThat(op.api().tagsOf("legacy-db")).containsEntry("cost-center", "42").containsEntry("team", "payments");
    assertThat(op.api().calls("removeTags")).hasSize(1);
  }

  @Test
  void adoptionKeepsTheClustersBackupSettingsTheSpecLeavesUnset() throws InterruptedException {
    op.api().addExistingCluster("legacy-db", "15.10", java.util.Map.of());
    op.api().setBackupSettings("legacy-db", 21, false);
    apply(cluster("legacy", s -> {
      s.setClusterIdentifier("legacy-db");
      s.setAdoptExisting(true);
      s.setMasterCredentials(null);
      s.getScaling().setMaxCapacity(4.0);
    }));

    awaitReady("legacy");
    Thread.sleep(500);

    assertThat(op.api().calls("modifyCluster")).isEmpty();
    assertThat(op.api().describe("legacy-db").backupRetentionDays()).isEqualTo(21);
    assertThat(op.api().describe("legacy-db").copyTagsToSnapshot()).isFalse();
  }

  @Test
  void adoptingAMissingClusterReportsClusterNotFound() throws InterruptedException {
    apply(cluster("ghost", s -> s.setAdoptExisting(true)));

    eventually(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(condition("ghost", Conditions.READY)).get()
        .satisfies(c -> assertThat(c.getStatus()).isEqualTo("False"))
        .satisfies(c -> assertThat(c.getReason()).isEqualTo("ClusterNotFound")));
    Thread.sleep(500);
    assertThat(op.api().calls("createCluster")).isEmpty();
  }

  @Test
  void ownClusterThatExistsButIsNotListedYetIsWaitedForNotCreatedAgain() {
    // An earlier create of ours whose answer was lost: RDS has it, its describes do not show it yet.
    op.api().addExistingCluster("orders-db", "15.10", java.util.Map.of(OwnerTag.KEY, NAMESPACE + "/orders"));
    op.api().hideFromFinds("orders-db", 4);
    apply(cluster("orders", s -> {}));

    awaitReady("orders");

    assertThat(op.api().calls("createCluster")).hasSize(1);
    assertThat(op.get("orders").getStatus().getLastError()).isNull();
    assertThat(op.get("orders").getStatus().getPendingCreates()).isNull();
  }

  @Test
  void refusesToTakeOverUnownedCluster() throws InterruptedException {
    op.api().addExistingCluster("orders-db", "15.10", java.util.Map.of("team", "payments"));
    apply(cluster("orders", s -> {}));

    eventually(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(condition("orders", Conditions.READY)).get()
        .satisfies(c -> assertThat(c.getStatus()).isEqualTo("False"))
        .satisfies(c -> assertThat(c.getReason()).isEqualTo("ClusterExistsNotOwned")));
    Thread.sleep(500);
    assertThat(op.api().calls()).extracting(InMemoryRds.Call::method)
        .doesNotContain("createCluster", "modifyCluster", "addTags", "removeTags", "createInstance", "deleteInstance");
    assertThat(op.api().tagsOf("orders-db")).doesNotContainKey(OwnerTag.KEY);
  }

  @Test
  void changeAwsAcceptsButNeverShowsIsSentABoundedNumberOfTimesThenReportedDegraded() throws InterruptedException {
    apply(cluster("orders", s -> {}));
    awaitReady("orders");
    op.api().ignoreClusterWrites();

    edit("orders", s -> {
      s.getScaling().setMaxCapacity(16.0);
      s.setTags(java.util.Map.of("team", "orders"));
    });

    eventually(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(condition("orders", Conditions.DEGRADED)).get()
        .satisfies(c -> assertThat(c.getStatus()).isEqualTo("True"))
        .satisfies(c -> assertThat(c.getReason()).isEqualTo("ChangeNotApplied"))
        .satisfies(c -> assertThat(c.getMessage()).contains("scaling", "0.5-16.0 ACU", "0.5-4.0 ACU")
            .contains("tags.team", "orders")));
    Thread.sleep(3000); // more than one resync and many polls
    assertThat(op.api().calls("modifyCluster")).hasSize(ChangeAttempts.LIMIT);
    assertThat(op.api().calls("addTags")).hasSize(ChangeAttempts.LIMIT);
    assertThat(condition("orders", Conditions.READY).get().getStatus()).isEqualTo("False");
    assertThat(events()).filteredOn(e -> "ChangeNotApplied".equals(e.getReason())).singleElement()
        .satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"));

    // The count lives in status: a new operator process does not start counting again.
    op.restart();
    Thread.sleep(3000);
    assertThat(op.api().calls("modifyCluster")).hasSize(ChangeAttempts.LIMIT);

    // A new desired value deserves new attempts, bounded again.
    edit("orders", s -> s.getScaling().setMaxCapacity(32.0));
    eventually(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(condition("orders", Conditions.DEGRADED)).get()
        .satisfies(c -> assertThat(c.getMessage()).contains("0.5-32.0 ACU")));
    Thread.sleep(2500);
    assertThat(op.api().calls("modifyCluster")).hasSize(2 * ChangeAttempts.LIMIT);
  }

  @Test
  void majorVersionChangeNeedsPermission() throws InterruptedException {
    apply(cluster("orders", s -> {}));
    awaitReady("orders");

    edit("orders", s -> s.setEngineVersion("16.4"));
    eventually(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(condition("orders", Conditions.READY)).get()
        .satisfies(c -> assertThat(c.getStatus()).isEqualTo("False"))
        .satisfies(c -> assertThat(c.getReason()).isEqualTo("MajorVersionUpgradeNotAllowed"))
        .satisfies(c -> assertThat(c.getMessage()).contains("allowMajorVersionUpgrade")));
    Thread.sleep(500);
    assertThat(op.api().modifyRequests()).noneMatch(c -> c.engineVersion() != null);

    edit("orders", s -> s.setAllowMajorVersionUpgrade(true));
    eventually(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(op.get("orders").getStatus().getEngineVersion()).isEqualTo("16.4"));
    awaitReady("orders");
    assertThat(op.api().modifyRequests()).anySatisfy(c -> {
      assertThat(c.engineVersion()).isEqualTo("16.4");
      assertThat(c.allowMajorVersionUpgrade()).isTrue();
    });
  }

  static String decoded(io.fabric8.kubernetes.api.model.Secret secret, String key) {
    return new String(java.util.Base64.getDecoder().decode(secret.getData().get(key)),
        java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void connectionSecretHasHostPortDatabaseUserPassword() {
    DatabaseCluster created = apply(cluster("orders", s -> {}));
    awaitReady("orders");

    var secret = op.client.secrets().inNamespace(NAMESPACE).withName("orders-connection").get();
    assertThat(secret.getData()).containsOnlyKeys("host", "readerHost", "port", "database", "username", "password", "uri");
    assertThat(decoded(secret, "host")).isEqualTo("orders-db.cluster-abc.us-east-1.rds.amazonaws.com");
    assertThat(decoded(secret, "readerHost")).isEqualTo("orders-db.cluster-ro-abc.us-east-1.rds.amazonaws.com");
    assertThat(decoded(secret, "port")).isEqualTo("5432");
    assertThat(decoded(secret, "database")).isEqualTo("postgres");
    assertThat(decoded(secret, "username")).isEqualTo("postgres");
    assertThat(decoded(secret, "password")).isEqualTo(PASSWORD);
    assertThat(decoded(secret, "uri")).isEqualTo("postgresql://postgres:s3cr3t-Pa55word%21@"
        + "orders-db.cluster-abc.us-east-1.rds.amazonaws.com:5432/postgres");
    assertThat(secret.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(created.getMetadata().getUid()))
        .satisfies(o -> assertThat(o.getKind()).isEqualTo("DatabaseCluster"));
    assertThat(op.get("orders").getStatus().getConnectionSecretName()).isEqualTo("orders-connection");
  }

  @Test
  void connectionSecretPointsToAwsManagedPassword() {
    apply(cluster("orders", s -> {
      MasterCredentialsSpec managed = new MasterCredentialsSpec();
      managed.setManageMasterUserPassword(true);
      s.setMasterCredentials(managed);
    }));
    awaitReady("orders");

    var secret = op.client.secrets().inNamespace(NAMESPACE).withName("orders-connection").get();
    assertThat(secret.getData()).doesNotContainKey("password").containsKey("masterUserSecretArn");
    assertThat(decoded(secret, "masterUserSecretArn")).contains(":secret:");
    assertThat(op.get("orders").getStatus().getMasterUserSecretArn()).isEqualTo(decoded(secret, "masterUserSecretArn"));
    assertThat(op.api().createRequests().get(0).manageMasterUserPassword()).isTrue();
    assertThat(op.api().createRequests().get(0).masterPassword()).isNull();
  }

  @Test
  void masterPasswordNeverInStatusEventsOrLogs() {
    ch.qos.logback.classic.Logger root =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ch.qos.logback.classic.Logger ours =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("dev.dbops.aurora");
    var previousLevel = ours.getLevel();
    var logs = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
    logs.start();
    root.addAppender(logs);
    ours.setLevel(ch.qos.logback.classic.Level.TRACE);
    try {
      apply(cluster("orders", s -> {}));
      awaitReady("orders");
      edit("orders", s -> s.getScaling().setMaxCapacity(8.0));
      eventually(Duration.ofSeconds(20)).untilAsserted(() ->
          assertThat(op.get("orders").getStatus().getScaling().getMaxCapacity()).isEqualTo(8.0));
      awaitReady("orders");
    } finally {
      root.detachAppender(logs);
      ours.setLevel(previousLevel);
    }

    // The password did reach AWS, so it passed through the operator.
    assertThat(op.api().createRequests().get(0).masterPassword().reveal()).isEqualTo(PASSWORD);

    assertThat(logs.list).isNotEmpty();
    assertThat(logs.list).allSatisfy(e -> {
      assertThat(e.getFormattedMessage()).doesNotContain(PASSWORD);
      if (e.getThrowableProxy() != null) {
        assertThat(e.getThrowableProxy().getMessage()).doesNotContain(PASSWORD);
      }
    });
    String status = io.fabric8.kubernetes.client.utils.Serialization.asYaml(op.get("orders").getStatus());
    assertThat(status).contains("orders-db").doesNotContain(PASSWORD);
    var events = op.client.v1().events().inNamespace(NAMESPACE).list().getItems();
    assertThat(events).isNotEmpty();
    assertThat(events).allSatisfy(e -> assertThat(io.fabric8.kubernetes.client.utils.Serialization.asYaml(e))
        .doesNotContain(PASSWORD));
  }

  @Test
  void restoresFromSnapshotThenSetsPasswordFromSecretOnce() {
    op.api().addExistingSnapshot("orders-v1-final", "orders-v1", "15.10");
    apply(cluster("orders", s -> {
      var source = new dev.dbops.aurora.model.cluster.SnapshotSource();
      source.setSnapshotIdentifier("orders-v1-final");
      s.setRestoreFromSnapshot(source);
    }));
    awaitReady("orders");
    edit("orders", s -> s.getScaling().setMaxCapacity(6.0));
    eventually(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(op.get("orders").getStatus().getScaling().getMaxCapacity()).isEqualTo(6.0));
    awaitReady("orders");

    assertThat(op.api().calls("createCluster")).isEmpty();
    assertThat(op.api().calls("restoreFromSnapshot")).hasSize(1);
    assertThat(op.api().modifyRequests()).filteredOn(c -> c.masterPassword() != null).singleElement()
        .satisfies(c -> assertThat(c.masterPassword().reveal()).isEqualTo(PASSWORD));
    assertThat(condition("orders", DatabaseClusterReconciler.PASSWORD_SET).get().getStatus()).isEqualTo("True");
  }

  @Test
  void parametersGoIntoAnOwnedParameterGroupAttachedAtCreate() {
    apply(cluster("orders", s -> {
      var group = new dev.dbops.aurora.model.ParameterGroupSpec();
      group.setParameters(java.util.Map.of("log_min_duration_statement", "500"));
      s.setParameterGroup(group);
    }));
    awaitReady("orders");

    assertThat(op.api().parameterGroup("orders-db-aurora-postgresql15"))
        .containsEntry("log_min_duration_statement", "500");
    assertThat(op.api().createRequests().get(0).parameterGroup()).isEqualTo("orders-db-aurora-postgresql15");
    assertThat(op.api().calls("modifyCluster")).isEmpty();
  }
}
