package dev.dbops.aurora.migration;

import dev.dbops.aurora.model.migration.AuroraMigration;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The statement-check report as a ConfigMap in the migration's namespace, owned by the migration; the
 * team's statement files read from ConfigMaps there.
 */
public final class KubernetesStatementReports implements StatementReports {
  private final KubernetesClient client;

  public KubernetesStatementReports(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public Optional<String> publish(AuroraMigration migration, String name, Map<String, String> data) {
    String namespace = migration.getMetadata().getNamespace();
    ConfigMap existing = client.configMaps().inNamespace(namespace).withName(name).get();
    if (existing != null && !ownedBy(existing, migration)) {
      // Someone else's ConfigMap: never overwritten (the operator changes only what it owns).
      return Optional.of("ConfigMap " + name + " exists and is not owned by this AuroraMigration; the full report "
          + "was not written");
    }
    if (existing != null && Objects.equals(existing.getData(), data)) {
      return Optional.empty();
    }
    ConfigMap report = new ConfigMapBuilder()
        .withNewMetadata()
          .withName(name)
          .withNamespace(namespace)
          .addToLabels(KubernetesAppRouting.MANAGED_BY, "aurora-operator")
          .addToOwnerReferences(new OwnerReferenceBuilder()
              .withApiVersion(migration.getApiVersion())
              .withKind(migration.getKind())
              .withName(migration.getMetadata().getName())
              .withUid(migration.getMetadata().getUid())
              .withController(true)
              .withBlockOwnerDeletion(true)
              .build())
        .endMetadata()
        .withData(data)
        .build();
    if (existing == null) {
      client.configMaps().inNamespace(namespace).resource(report).create();
    } else {
      client.configMaps().inNamespace(namespace).resource(report).update();
    }
    return Optional.empty();
  }

  @Override
  public Optional<Map<String, String>> read(AuroraMigration migration, String name) {
    ConfigMap map = client.configMaps().inNamespace(migration.getMetadata().getNamespace()).withName(name).get();
    if (map == null) {
      return Optional.empty();
    }
    return Optional.of(map.getData() == null ? Map.of() : map.getData());
  }

  private static boolean ownedBy(ConfigMap map, AuroraMigration migration) {
    return map.getMetadata().getOwnerReferences() != null && map.getMetadata().getOwnerReferences().stream()
        .anyMatch(o -> Objects.equals(o.getUid(), migration.getMetadata().getUid()));
  }
}
