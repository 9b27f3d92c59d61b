package dev.dbops.aurora.migration;

import dev.dbops.aurora.model.cluster.DatabaseCluster;
import dev.dbops.aurora.model.cluster.DatabaseClusterSpec;
import dev.dbops.aurora.model.migration.AdoptionSpec;
import dev.dbops.aurora.model.migration.AuroraMigration;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Cutover through the Kubernetes API: the apps' connection Secret and ExternalName Service are patched in
 * place (other keys, labels and owners are kept), or created labelled and owned by the operator; an
 * adopting DatabaseCluster is created once.
 */
public final class KubernetesAppRouting implements AppRouting {
  static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  static final String MIGRATION_LABEL = "aurora.dbops.dev/migration";
  /** Every field the cutover writes; argocd/ignore-differences.yaml must list exactly these. */
  static final List<String> WRITTEN_SECRET_FIELDS = List.of("/data/host", "/data/port", "/data/readerHost");
  static final List<String> WRITTEN_SERVICE_FIELDS = List.of("/spec/type", "/spec/externalName");
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
                  .addToLabels(ownedLabels(migration))
                  .withOwnerReferences(owner(migration, target.clusterIdentifier()))
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
                  .addToLabels(ownedLabels(migration))
                  .withOwnerReferences(owner(migration, null))
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
  public Optional<String> argoCdTracking(AuroraMigration migration, String kind, String name) {
    return find(migration, kind, name).flatMap(o -> ArgoCdTracking.of(o.getMetadata()));
  }

  @Override
  public Optional<String> pointedHost(AuroraMigration migration, String kind, String name) {
    Optional<HasMetadata> found = find(migration, kind, name);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    if (found.get() instanceof Service service) {
      return Optional.ofNullable(service.getSpec() == null ? null : service.getSpec().getExternalName());
    }
    Secret secret = (Secret) found.get();
    if (secret.getData() != null && secret.getData().get("host") != null) {
      return Optional.of(new String(Base64.getDecoder().decode(secret.getData().get("host")), StandardCharsets.UTF_8));
    }
    return Optional.ofNullable(secret.getStringData() == null ? null : secret.getStringData().get("host"));
  }

  private Optional<HasMetadata> find(AuroraMigration migration, String kind, String name) {
    String namespace = migration.getMetadata().getNamespace();
    HasMetadata found = "Service".equals(kind)
        ? client.services().inNamespace(namespace).withName(name).get()
        : client.secrets().inNamespace(namespace).withName(name).get();
    return Optional.ofNullable(found);
  }

  private static Map<String, String> ownedLabels(AuroraMigration migration) {
    return Map.of(MANAGED_BY, "aurora-operator", MIGRATION_LABEL, migration.getMetadata().getName());
  }

  /**
   * What the operator creates it owns: the adopting DatabaseCluster when there is one (it outlives the
   * migration and manages the cluster the Secret names), else the migration. Deleting the owner deletes
   * the object (Kubernetes garbage collection), which docs/cutover-apps.md says.
   */
  private OwnerReference owner(AuroraMigration migration, String targetIdentifier) {
    AdoptionSpec adoption = migration.getSpec().getCutover() == null ? null
        : migration.getSpec().getCutover().getAdoptAsDatabaseCluster();
    if (adoption != null) {
      String name = adoption.getName() != null ? adoption.getName()
          : targetIdentifier != null ? targetIdentifier : migration.getSpec().getTarget().getClusterIdentifier();
      DatabaseCluster cluster = name == null ? null
          : client.resources(DatabaseCluster.class).inNamespace(migration.getMetadata().getNamespace()).withName(name).get();
      if (cluster != null) {
        return ownerReference(cluster);
      }
    }
    return ownerReference(migration);
  }

  private static OwnerReference ownerReference(HasMetadata owner) {
    return new OwnerReferenceBuilder()
        .withApiVersion(owner.getApiVersion())
        .withKind(owner.getKind())
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .withBlockOwnerDeletion(false)
        .withController(false)
        .build();
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
    cluster.getMetadata().setLabels(ownedLabels(migration));
    cluster.setSpec(spec);
    client.resources(DatabaseCluster.class).inNamespace(namespace).resource(cluster).create();
  }
}
