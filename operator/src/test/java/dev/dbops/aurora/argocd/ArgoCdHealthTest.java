package dev.dbops.aurora.argocd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbops.aurora.argocd.ArgoCdHealth.Health;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Argo CD health checks in argocd/ against status documents of real resources (see
 * src/test/resources/argocd/README.md for which were captured from e2e/run.sh and which are hand-written).
 */
class ArgoCdHealthTest {
  private static final Path ARGOCD = Path.of(System.getProperty("argocd.dir", "../argocd"));
  private static final Path CUSTOMIZATIONS = ARGOCD.resolve("resource_customizations");
  private static final Path DOCUMENTS = Path.of("src/test/resources/argocd");
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ArgoCdHealth health = new ArgoCdHealth(CUSTOMIZATIONS);

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource(delimiter = '|', textBlock = """
      DatabaseCluster/no-status.json             | Progressing | Waiting for the operator
      DatabaseCluster/creating.json              | Progressing | Creating cluster orders-e2e
      DatabaseCluster/ready.json                 | Healthy     | Cluster orders-e2e is available as declared
      DatabaseCluster/modifying.json             | Progressing | modified cluster (scaling 0.5-8.0 ACU)
      DatabaseCluster/adopt-missing-cluster.json | Degraded    | No cluster ghost-e2e in us-east-1 to adopt
      DatabaseCluster/failed-not-owned.json      | Degraded    | exists in us-east-1 without the tag
      DatabaseCluster/aws-error-retrying.json    | Degraded    | Rate exceeded (Throttling); retrying in 10s
      DatabaseCluster/deleting.json              | Progressing | Deleting instances of orders-e2e
      AuroraMigration/no-status.json             | Progressing | Waiting for the operator
      AuroraMigration/migrating.json             | Progressing | Migrating (Upgrade): Upgrade started
      AuroraMigration/awaiting-cutover.json      | Suspended   | set spec.cutover.approved: true
      AuroraMigration/completed.json             | Healthy     | migrated to orders-v2 (15.10)
      AuroraMigration/preflight-failed.json      | Degraded    | source cluster ghost-v1 does not exist
      AuroraMigration/rolled-back.json           | Degraded    | RestoreTarget failed
      """)
  void healthOfCapturedAndHandWrittenDocuments(String file, String status, String message) throws IOException {
    Health h = health.of(read(file));

    assertThat(h.status()).as("%s: %s", file, h).isEqualTo(status);
    assertThat(h.message()).contains(message);
  }

  @Test
  void aChangedSpecTheOperatorHasNotSeenIsNotHealthyYet() throws IOException {
    ObjectNode ready = (ObjectNode) read("DatabaseCluster/ready.json");
    ((ObjectNode) ready.get("metadata")).put("generation", 2);

    assertThat(health.of(ready)).isEqualTo(new Health("Progressing", "Waiting for the operator to act on generation 2"));
  }

  @Test
  void anApprovedCutoverTheOperatorHasNotSeenIsNoLongerSuspended() throws IOException {
    ObjectNode waiting = (ObjectNode) read("AuroraMigration/awaiting-cutover.json");
    ((ObjectNode) waiting.get("metadata")).put("generation", 2);

    assertThat(health.of(waiting).status()).isEqualTo("Progressing");
  }

  /** argocd-cm.yaml must install exactly the scripts tested here. */
  @Test
  @SuppressWarnings("unchecked")
  void argocdCmCarriesTheTestedScripts() throws IOException {
    Map<String, Object> cm = Serialization.unmarshal(Files.readString(ARGOCD.resolve("argocd-cm.yaml")), Map.class);
    Map<String, String> data = (Map<String, String>) cm.get("data");

    for (String kind : new String[] {"DatabaseCluster", "AuroraMigration"}) {
      assertThat(data.get("resource.customizations.health.aurora.dbops.dev_" + kind))
          .as(kind)
          .isEqualTo(Files.readString(CUSTOMIZATIONS.resolve("aurora.dbops.dev").resolve(kind).resolve("health.lua")));
    }
  }

  private static JsonNode read(String file) throws IOException {
    return JSON.readTree(DOCUMENTS.resolve(file).toFile());
  }
}
