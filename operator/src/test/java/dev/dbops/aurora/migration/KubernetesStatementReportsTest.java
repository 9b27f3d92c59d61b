package dev.dbops.aurora.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.model.migration.AuroraMigration;
import dev.dbops.aurora.testing.MigrationResources;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The statement-check report ConfigMap: owned by the migration, updated in place, someone else's left alone. */
class KubernetesStatementReportsTest {
  final KubernetesMockServer server = new KubernetesMockServer(
      new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
  KubernetesClient client;
  AuroraMigration migration;

  @BeforeEach
  void start() {
    server.init();
    client = server.createClient();
    migration = MigrationResources.migrationOf("source-orders", "orders-v2");
    migration.getMetadata().setNamespace("apps");
    migration.getMetadata().setUid("uid-orders");
  }

  @AfterEach
  void stop() {
    client.close();
    server.destroy();
  }

  @Test
  void writesAConfigMapOwnedByTheMigrationAndReplacesItsData() {
    var reports = new KubernetesStatementReports(client);

    assertThat(reports.publish(migration, "orders-statements", Map.of("failed", "queryid 1"))).isEmpty();
    assertThat(reports.publish(migration, "orders-statements", Map.of("failed", "queryid 2"))).isEmpty();

    ConfigMap map = client.configMaps().inNamespace("apps").withName("orders-statements").get();
    assertThat(map.getData()).containsExactlyEntriesOf(Map.of("failed", "queryid 2"));
    assertThat(map.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
      assertThat(o.getUid()).isEqualTo("uid-orders");
      assertThat(o.getKind()).isEqualTo("AuroraMigration");
      assertThat(o.getController()).isTrue();
    });
  }

  @Test
  void leavesAConfigMapItDoesNotOwnAlone() {
    client.configMaps().inNamespace("apps").resource(new ConfigMapBuilder()
        .withNewMetadata().withName("orders-statements").withNamespace("apps").endMetadata()
        .withData(Map.of("team", "ours")).build()).create();

    var problem = new KubernetesStatementReports(client).publish(migration, "orders-statements", Map.of("failed", "x"));

    assertThat(problem).get().asString().contains("not owned by this AuroraMigration");
    assertThat(client.configMaps().inNamespace("apps").withName("orders-statements").get().getData())
        .containsExactlyEntriesOf(Map.of("team", "ours"));
  }

  @Test
  void readsTheTeamsStatementFilesFromTheMigrationsNamespace() {
    client.configMaps().inNamespace("apps").resource(new ConfigMapBuilder()
        .withNewMetadata().withName("orders-sql").withNamespace("apps").endMetadata()
        .withData(Map.of("reports.sql", "SELECT 1;")).build()).create();
    client.configMaps().inNamespace("other").resource(new ConfigMapBuilder()
        .withNewMetadata().withName("billing-sql").withNamespace("other").endMetadata()
        .withData(Map.of("billing.sql", "SELECT 2;")).build()).create();
    var reports = new KubernetesStatementReports(client);

    assertThat(reports.read(migration, "orders-sql")).contains(Map.of("reports.sql", "SELECT 1;"));
    assertThat(reports.read(migration, "billing-sql")).isEmpty();
  }
}
