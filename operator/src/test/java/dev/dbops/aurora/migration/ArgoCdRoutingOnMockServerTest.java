package dev.dbops.aurora.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.model.cluster.DatabaseCluster;
import dev.dbops.aurora.model.migration.AdoptionSpec;
import dev.dbops.aurora.model.migration.MigrationPhase;
import dev.dbops.aurora.model.migration.StepState;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Secret and Service the cutover writes, through KubernetesAppRouting on the Fabric8 mock API server:
 * Argo CD tracking stops preflight until the documented opt-in, objects the operator creates are labelled
 * and owned, and a Secret written back to the old host after completion turns the migration Degraded.
 */
class ArgoCdRoutingOnMockServerTest {
  static final String NS = "shop";
  static final String OLD_HOST = "orders-v1.cluster-abc.us-east-1.rds.amazonaws.com";
  final KubernetesMockServer server =
      new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
  KubernetesClient client;
  MigrationDriver driver;

  @BeforeEach
  void start() {
    server.init();
    client = server.createClient();
    driver = new MigrationDriver();
    driver.appRouting = new KubernetesAppRouting(client);
  }

  @AfterEach
  void stop() {
    client.close();
    server.destroy();
  }

  @Test
  void aSecretArgoCdTracksStopsPreflightUntilTheIgnoreDifferencesOptIn() {
    client.secrets().inNamespace(NS).resource(new SecretBuilder()
        .withNewMetadata().withName("orders-db-connection").withNamespace(NS)
        .addToAnnotations("argocd.argoproj.io/tracking-id", "shop:/Secret:shop/orders-db-connection").endMetadata()
        .addToData("host", b64(OLD_HOST)).addToData("password", b64("app-password")).build()).create();

    driver.runner.runUntil(m -> m.getStatus() != null && m.getStatus().getConditions().stream()
        .anyMatch(c -> c.getType().equals("Degraded") && "RoutingObjectTrackedByArgoCd".equals(c.getReason())));

    assertThat(driver.phase()).isEqualTo(MigrationPhase.Preflight);
    assertThat(driver.condition("Degraded").getMessage())
        .startsWith("Secret orders-db-connection (annotation argocd.argoproj.io/tracking-id=shop:/Secret:shop/orders-db-connection)"
            + " is tracked by Argo CD, which would write the old host back after cutover.")
        .contains("argocd/ignore-differences.yaml", "spec.cutover.argoCdIgnoresRoutingFields: true", "Nothing was changed.");
    assertThat(driver.rds.writes()).isEmpty();
    assertThat(driver.databases.source.readOnlyDatabases).isEmpty();
    for (int i = 0; i < 3; i++) {
      driver.reconcile();
    }
    assertThat(driver.step("Preflight").getState()).isNotEqualTo(StepState.Succeeded);

    // The documented path: ignoreDifferences in the Application, then the opt-in in the migration.
    driver.persisted().getSpec().getCutover().setArgoCdIgnoresRoutingFields(true);
    driver.runner.runUntil(m -> m.getStatus().getPhase() == MigrationPhase.Completed);

    Secret secret = secret();
    assertThat(decode(secret, "host")).isEqualTo(driver.persisted().getStatus().getApps().getRoutedHost());
    assertThat(decode(secret, "password")).isEqualTo("app-password");
    assertThat(secret.getMetadata().getOwnerReferences()).as("someone else's Secret is not taken over").isEmpty();
    assertThat(secret.getMetadata().getAnnotations()).containsKey("argocd.argoproj.io/tracking-id");
  }

  @Test
  void aServiceWithArgoCdsInstanceLabelIsRefusedToo() {
    client.services().inNamespace(NS).resource(new ServiceBuilder()
        .withNewMetadata().withName("orders-db").withNamespace(NS).addToLabels("app.kubernetes.io/instance", "shop").endMetadata()
        .withNewSpec().withType("ExternalName").withExternalName(OLD_HOST).endSpec().build()).create();

    driver.runner.runUntil(m -> m.getStatus() != null && m.getStatus().getConditions().stream()
        .anyMatch(c -> "RoutingObjectTrackedByArgoCd".equals(c.getReason())));

    assertThat(driver.condition("Degraded").getMessage())
        .startsWith("Service orders-db (label app.kubernetes.io/instance=shop) is tracked by Argo CD");
    assertThat(driver.rds.writes()).isEmpty();
  }

  @Test
  void routingObjectsTheOperatorCreatesAreLabelledAndOwnedByTheMigration() {
    driver.runner.runUntil(m -> m.getStatus() != null && m.getStatus().getPhase() == MigrationPhase.Completed);

    for (var meta : new io.fabric8.kubernetes.api.model.ObjectMeta[] {secret().getMetadata(), service().getMetadata()}) {
      assertThat(meta.getLabels()).containsEntry("app.kubernetes.io/managed-by", "aurora-operator")
          .containsEntry("aurora.dbops.dev/migration", "orders");
      assertThat(meta.getOwnerReferences()).singleElement().satisfies(owner -> {
        assertThat(owner.getKind()).isEqualTo("AuroraMigration");
        assertThat(owner.getName()).isEqualTo("orders");
        assertThat(owner.getUid()).isEqualTo(driver.persisted().getMetadata().getUid());
      });
    }
  }

  @Test
  void withAnAdoptingDatabaseClusterItOwnsWhatTheOperatorCreates() {
    AdoptionSpec adoption = new AdoptionSpec();
    adoption.setName("orders-db");
    driver.persisted().getSpec().getCutover().setAdoptAsDatabaseCluster(adoption);

    driver.runner.runUntil(m -> m.getStatus() != null && m.getStatus().getPhase() == MigrationPhase.Completed);

    DatabaseCluster adopter = client.resources(DatabaseCluster.class).inNamespace(NS).withName("orders-db").get();
    OwnerReference owner = secret().getMetadata().getOwnerReferences().get(0);
    assertThat(owner.getKind()).isEqualTo("DatabaseCluster");
    assertThat(owner.getUid()).isEqualTo(adopter.getMetadata().getUid());
  }

  @Test
  void aSecretWrittenBackToTheOldHostAfterCutoverTurnsTheMigrationDegraded() {
    driver.runner.runUntil(m -> m.getStatus() != null && m.getStatus().getPhase() == MigrationPhase.Completed);
    String target = driver.persisted().getStatus().getApps().getRoutedHost();
    assertThat(driver.reconcile()).hasValue(RoutingDriftCheck.INTERVAL);
    assertThat(driver.condition("Ready").getStatus()).isEqualTo("True");

    // What Argo CD's self-heal does with a Secret kept in Git.
    client.secrets().inNamespace(NS).withName("orders-db-connection")
        .edit(s -> new SecretBuilder(s).addToData("host", b64(OLD_HOST)).build());
    driver.reconcile();

    assertThat(driver.phase()).isEqualTo(MigrationPhase.Completed);
    assertThat(driver.condition("Degraded").getStatus()).isEqualTo("True");
    assertThat(driver.condition("Degraded").getReason()).isEqualTo("RoutingReverted");
    assertThat(driver.condition("Ready").getStatus()).isEqualTo("False");
    assertThat(driver.condition("Degraded").getMessage())
        .startsWith("Secret orders-db-connection points at " + OLD_HOST + ", not the target " + target);
    assertThat(driver.persisted().getStatus().getApps().getRoutingDrift()).hasSize(1);
    assertThat(decode(secret(), "host")).as("the operator reports, it does not fight").isEqualTo(OLD_HOST);

    client.secrets().inNamespace(NS).withName("orders-db-connection")
        .edit(s -> new SecretBuilder(s).addToData("host", b64(target)).build());
    driver.reconcile();
    assertThat(driver.condition("Degraded").getStatus()).isEqualTo("False");
    assertThat(driver.condition("Ready").getStatus()).isEqualTo("True");
    assertThat(driver.persisted().getStatus().getApps().getRoutingDrift()).isEmpty();
  }

  @Test
  void aServiceRepointedElsewhereIsReportedToo() {
    driver.runner.runUntil(m -> m.getStatus() != null && m.getStatus().getPhase() == MigrationPhase.Completed);
    client.services().inNamespace(NS).withName("orders-db")
        .edit(s -> new ServiceBuilder(s).editSpec().withExternalName(OLD_HOST).endSpec().build());

    driver.reconcile();

    assertThat(driver.condition("Degraded").getReason()).isEqualTo("RoutingReverted");
    assertThat(driver.condition("Degraded").getMessage()).startsWith("Service orders-db points at " + OLD_HOST);
  }

  private Secret secret() {
    return client.secrets().inNamespace(NS).withName("orders-db-connection").get();
  }

  private Service service() {
    return client.services().inNamespace(NS).withName("orders-db").get();
  }

  private static String b64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(Secret secret, String key) {
    return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }

}
