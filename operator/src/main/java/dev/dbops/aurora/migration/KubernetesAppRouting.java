package dev.dbops.aurora.migration;

import dev.dbops.aurora.model.cluster.DatabaseCluster;
import dev.dbops.aurora.model.cluster.DatabaseClusterSpec;
import dev.dbops.aurora.model.migration.AdoptionSpec;
import dev.dbops.aurora.model.migration.AuroraMigration;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cutover through the Kubernetes API: the apps' connection Secret and ExternalName Service are patched in
 * place (other keys, labels and owners are kept), and an adopting DatabaseCluster is created once.
 */
public final class KubernetesAppRouting implements AppRouting {
  static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  private final KubernetesClient client;

  public KubernetesAppRouting(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public void pointSecret(AuroraMigration migration, String secretName, ConnectionDetails target) {
    String namespace = migration.getMetadata().getNamespace();
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("host", target.host());
    keys.put("port", String.valueOf(target.port()));
    if (target.readerHost() != null) {
      keys.put("readerHost", target.readerHost());
    }
    Map<String, String> data = new LinkedHashMap<>();
    keys.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    Secret existing = client.secrets().inNamespace(namespace).withName(secretName).get();
    if (existing == null) {
      client
          .secrets()
          .inNamespace(namespace)
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName(secretName)
                  .withNamespace(namespace)
                  .addToLabels(MANAGED_BY, "aurora-operator")
                  .endMetadata()
                  .withData(data)
                  .build())
          .create();
      return;
    }
    client
        .secrets()
        .inNamespace(namespace)
        .withName(secretName)
        .patch(PatchContext.of(PatchType.JSON_MERGE), new SecretBuilder().withData(data).build());
  }

  @Override
  public void pointService(AuroraMigration migration, String serviceName, String host) {
    String namespace = migration.getMetadata().getNamespace();
    Service existing = client.services().inNamespace(namespace).withName(serviceName).get();
    if (existing == null) {
      client
          .services()
          .inNamespace(namespace)
          .resource(
              new ServiceBuilder()
                  .withNewMetadata()
                  .withName(serviceName)
                  .withNamespace(namespace)
                  .addToLabels(MANAGED_BY, "aurora-operator")
                  .endMetadata()
                  .withNewSpec()
                  .withType("ExternalName")
                  .withExternalName(host)
                  .endSpec()
                  .build())
          .create();
      return;
    }
    client
        .services()
        .inNamespace(namespace)
        .withName(serviceName)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            new ServiceBuilder().withNewSpec().withType("ExternalName").withExternalName(host).endSpec().build());
  }

  @Override
  public void adoptTarget(AuroraMigration migration, AdoptionSpec adoption, ConnectionDetails target) {
    String namespace = migration.getMetadata().getNamespace();
    String name = adoption.getName() == null ? target.clusterIdentifier() : adoption.getName();
    if (client.resources(DatabaseCluster.class).inNamespace(namespace).withName(name).get() != null) {
      return;
    }
    DatabaseClusterSpec spec = TargetHandover.specFor(migration.getSpec().getTarget(), target, adoption);
    DatabaseCluster cluster = new DatabaseCluster();
    cluster.getMetadata().setName(name);
    cluster.getMetadata().setNamespace(namespace);
    cluster.getMetadata().setLabels(Map.of(MANAGED_BY, "aurora-operator", "aurora.dbops.dev/migration", migration.getMetadata().getName()));
    cluster.setSpec(spec);
    client.resources(DatabaseCluster.class).inNamespace(namespace).resource(cluster).create();
  }
}
