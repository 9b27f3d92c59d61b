package dev.dbops.aurora.cluster;

import dev.dbops.aurora.model.cluster.DatabaseCluster;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The Secrets DatabaseClusters read and write, from an informer instead of a GET per reconcile, so a
 * resync of a cluster whose Secrets did not change costs no request. An edit of a password Secret, or of
 * a connection Secret the operator wrote, reconciles the clusters that use it at once.
 *
 * <p>Only the content of those Secrets is cached (see {@link SecretContentStore}). A password Secret whose
 * content the cache does not hold yet (the first read after the cluster appeared) is read from the API
 * server once; the cache then keeps it.
 */
final class SecretCache {
  private static final String PASSWORD_INDEX = "passwordSecret";

  private final KubernetesClient client;
  private final SecretContentStore store = new SecretContentStore();
  private volatile InformerEventSource<Secret, DatabaseCluster> source;

  SecretCache(KubernetesClient client) {
    this.client = client;
  }

  /** The informer, over the controller's namespaces, that reconciles the clusters a Secret concerns. */
  InformerEventSource<Secret, DatabaseCluster> eventSource(EventSourceContext<DatabaseCluster> context) {
    var primaries = context.getPrimaryCache();
    primaries.addIndexer(PASSWORD_INDEX, dbc -> passwordSecretKey(dbc).map(List::of).orElse(List.of()));
    var config = InformerEventSourceConfiguration.from(Secret.class, DatabaseCluster.class)
        .withName("database-cluster-secrets")
        .withItemStore(store)
        // The connection Secrets' own writes come back as events; a reconcile for them would find nothing to
        // do and, started before the status of the pass that wrote them is in the cache, could act on an
        // older status. Their deletion is still seen (and repaired) at once; other edits at the next resync.
        .withOnAddFilter(secret -> !SecretContentStore.isOwn(secret))
        .withOnUpdateFilter((updated, previous) -> !SecretContentStore.isOwn(updated))
        .withSecondaryToPrimaryMapper(secret -> {
          Set<ResourceID> ids = new HashSet<>();
          String namespace = secret.getMetadata().getNamespace();
          primaries.byIndex(PASSWORD_INDEX, namespace + "/" + secret.getMetadata().getName())
              .forEach(dbc -> ids.add(ResourceID.fromResource(dbc)));
          secret.getMetadata().getOwnerReferences().stream()
              .filter(o -> "DatabaseCluster".equals(o.getKind()))
              .forEach(o -> ids.add(new ResourceID(o.getName(), namespace)));
          return ids;
        })
        .build();
    InformerEventSource<Secret, DatabaseCluster> created = new InformerEventSource<>(config, context);
    source = created;
    return created;
  }

  /** The Secret as the cache has it; read from the API server when the cache does not hold its content. */
  Optional<Secret> get(String namespace, String name) {
    InformerEventSource<Secret, DatabaseCluster> informer = source;
    if (informer == null) {
      // Not registered with an operator (never in production): read directly.
      return Optional.ofNullable(client.secrets().inNamespace(namespace).withName(name).get());
    }
    Optional<Secret> cached = informer.get(new ResourceID(name, namespace));
    if (cached.isPresent() && SecretContentStore.isContentOmitted(cached.get())) {
      Secret read = client.secrets().inNamespace(namespace).withName(name).get();
      if (read != null) {
        store.keepContentOf(read);
      }
      return Optional.ofNullable(read);
    }
    return cached;
  }

  private static Optional<String> passwordSecretKey(DatabaseCluster dbc) {
    var credentials = dbc.getSpec() == null ? null : dbc.getSpec().getMasterCredentials();
    if (credentials == null || credentials.getPasswordSecretRef() == null
        || credentials.getPasswordSecretRef().getName() == null) {
      return Optional.empty();
    }
    return Optional.of(dbc.getMetadata().getNamespace() + "/" + credentials.getPasswordSecretRef().getName());
  }
}
