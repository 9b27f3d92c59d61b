package dev.dbops.aurora.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dbops.aurora.model.migration.AuroraMigration;
import dev.dbops.aurora.model.migration.MigrationPhase;
import dev.dbops.aurora.testing.LocalMigrationEnvironment;
import dev.dbops.aurora.testing.MotoServer;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.rds.model.DBCluster;

/**
 * The real operator (JOSDK, status patches, rescheduling) migrating examples/local-demo/migration.yaml
 * against the local Aurora (moto + PostgreSQL 13 → 15 by pg_upgrade), stopped in the middle and started
 * again like a new process.
 */
@ExtendWith(MotoServer.class)
class MigrationThroughTheOperatorTest {
  private static final String NAMESPACE = "shop";
  private static final Path EXAMPLE = Path.of(System.getProperty("crds.dir", "../crds")).resolveSibling("examples/local-demo/migration.yaml");
  private LocalMigrationEnvironment env;

  @BeforeEach
  void start() throws Exception {
    env = new LocalMigrationEnvironment();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void operatorRestartedMidMigrationFinishesItExactlyOnce() throws Exception {
    env.startOperator();
    env.apply(EXAMPLE, NAMESPACE);
    await().atMost(Duration.ofMinutes(2)).until(() -> stepReached("Upgrade"));
    env.stopOperator();
    env.startOperator();

    await().atMost(Duration.ofMinutes(3)).until(() -> finished(migration()));

    AuroraMigration done = migration();
    assertThat(done.getStatus().getPhase()).as(done.getStatus().getMessage()).isEqualTo(MigrationPhase.Completed);
    assertThat(env.rds.describeDBClusterSnapshots(b -> b.snapshotType("manual")).dbClusterSnapshots()).hasSize(1);
    List<String> clusters = env.rds.describeDBClusters().dbClusters().stream().map(DBCluster::dbClusterIdentifier).toList();
    assertThat(clusters).containsExactlyInAnyOrder("orders-v1", "orders-v2");
    String endpoint = env.rds.describeDBClusters(b -> b.dbClusterIdentifier("orders-v2")).dbClusters().get(0).endpoint();
    Secret secret = env.client.secrets().inNamespace(NAMESPACE).withName("orders-db-connection").get();
    assertThat(decode(secret.getData().get("host"))).isEqualTo(endpoint);
    Service service = env.client.services().inNamespace(NAMESPACE).withName("orders-db").get();
    assertThat(service.getSpec().getExternalName()).isEqualTo(endpoint);
    assertThat(done.getStatus().getReadOnlyWindow().getDurationSeconds()).isNotNull();
    try (var c = env.connect("orders-v2", LocalMigrationEnvironment.DATABASE); var s = c.createStatement()) {
      var rs = s.executeQuery("SELECT current_setting('server_version_num')::int / 10000");
      rs.next();
      assertThat(rs.getInt(1)).as("the target's server, upgraded by pg_upgrade").isEqualTo(15);
    }
    assertThat(env.aurora.log()).filteredOn(l -> l.contains("restored cluster orders-v2")).hasSize(1);
  }

  private boolean stepReached(String step) {
    AuroraMigration m = migration();
    return m.getStatus() != null && m.getStatus().getSteps().stream()
        .anyMatch(s -> s.getName().equals(step) && s.getState() != dev.dbops.aurora.model.migration.StepState.Pending);
  }

  private AuroraMigration migration() {
    return env.migration(NAMESPACE, "orders");
  }

  private static boolean finished(AuroraMigration m) {
    return m.getStatus() != null && List.of(MigrationPhase.Completed, MigrationPhase.Failed, MigrationPhase.RolledBack)
        .contains(m.getStatus().getPhase());
  }

  private static String decode(String value) {
    return new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
  }
}
