package dev.dbops.aurora.migration;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * argocd/ignore-differences.yaml is what a user copies to keep Argo CD from writing the old host back; it
 * must name every field the cutover writes, or the opt-in it unlocks would be a false promise.
 */
class ArgoCdIgnoreDifferencesTest {
  private static final Path FILE = Path.of(System.getProperty("argocd.dir", "../argocd")).resolve("ignore-differences.yaml");

  @Test
  @SuppressWarnings("unchecked")
  void theSnippetIgnoresExactlyTheFieldsTheCutoverWritesAndSyncsRespectIt() throws IOException {
    Map<String, Object> app = Serialization.unmarshal(Files.readString(FILE), Map.class);
    Map<String, Object> spec = (Map<String, Object>) app.get("spec");
    Map<String, List<String>> pointers = new HashMap<>();
    for (Map<String, Object> entry : (List<Map<String, Object>>) spec.get("ignoreDifferences")) {
      pointers.put((String) entry.get("kind"), (List<String>) entry.get("jsonPointers"));
    }

    assertThat(pointers.get("Secret")).containsExactlyInAnyOrderElementsOf(KubernetesAppRouting.WRITTEN_SECRET_FIELDS);
    assertThat(pointers.get("Service")).containsExactlyInAnyOrderElementsOf(KubernetesAppRouting.WRITTEN_SERVICE_FIELDS);
    assertThat((List<String>) ((Map<String, Object>) spec.get("syncPolicy")).get("syncOptions"))
        .contains("RespectIgnoreDifferences=true");
  }

  @Test
  void theListedFieldsAreTheOnesACutoverChanges() {
    KubernetesMockServer server =
        new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
    server.init();
    try (KubernetesClient client = server.createClient()) {
      var migration = MigrationDriver.migration();
      client.secrets().inNamespace("shop").resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
          .withNewMetadata().withName("db").withNamespace("shop").endMetadata()
          .addToData("host", "b2xk").addToData("port", "NTQzMw==").addToData("readerHost", "b2xk")
          .addToData("password", "cHc=").build()).create();
      client.services().inNamespace("shop").resource(new io.fabric8.kubernetes.api.model.ServiceBuilder()
          .withNewMetadata().withName("db").withNamespace("shop").endMetadata()
          .withNewSpec().withType("ClusterIP").withPorts(new io.fabric8.kubernetes.api.model.ServicePortBuilder()
              .withPort(5432).build()).endSpec().build()).create();
      Secret secretBefore = client.secrets().inNamespace("shop").withName("db").get();
      Service serviceBefore = client.services().inNamespace("shop").withName("db").get();

      KubernetesAppRouting routing = new KubernetesAppRouting(client);
      routing.pointSecret(migration, "db", new AppRouting.ConnectionDetails("orders-v2", "us-east-1", "new", "new-ro", 6543, "15.10"));
      routing.pointService(migration, "db", "new");

      TreeSet<String> changed = new TreeSet<>();
      Secret secretAfter = client.secrets().inNamespace("shop").withName("db").get();
      secretAfter.getData().forEach((k, v) -> {
        if (!v.equals(secretBefore.getData().get(k))) {
          changed.add("/data/" + k);
        }
      });
      Service serviceAfter = client.services().inNamespace("shop").withName("db").get();
      if (!serviceAfter.getSpec().getType().equals(serviceBefore.getSpec().getType())) {
        changed.add("/spec/type");
      }
      if (serviceAfter.getSpec().getExternalName() != null) {
        changed.add("/spec/externalName");
      }
      List<String> written = new ArrayList<>(KubernetesAppRouting.WRITTEN_SECRET_FIELDS);
      written.addAll(KubernetesAppRouting.WRITTEN_SERVICE_FIELDS);
      assertThat(changed).containsExactlyInAnyOrderElementsOf(written);
    } finally {
      server.destroy();
    }
  }
}
