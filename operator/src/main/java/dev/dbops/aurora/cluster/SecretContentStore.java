package dev.dbops.aurora.cluster;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The Secret informer's store. It keeps the content only of the Secrets the operator needs: those it
 * writes (labelled as managed by it) and those a reconcile asked for (password Secrets). Every other
 * Secret in the watched namespaces is kept as its name, uid and resourceVersion only, so the cache does
 * not hold other applications' keys and certificates, and a change to one is still seen.
 */
final class SecretContentStore implements ItemStore<Secret> {
  static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  static final String OPERATOR = "aurora-operator";
  /** Marks a stored Secret whose content was left out; never written to the API server. */
  static final String CONTENT_OMITTED = "aurora.dbops.dev/cache-content-omitted";

  private final Map<String, Secret> items = new ConcurrentHashMap<>();
  private final Set<String> wanted = ConcurrentHashMap.newKeySet();

  @Override
  public String getKey(Secret secret) {
    return Cache.metaNamespaceKeyFunc(secret);
  }

  @Override
  public Secret put(String key, Secret secret) {
    return items.put(key, keepsContent(key, secret) ? secret : withoutContent(secret));
  }

  @Override
  public Secret remove(String key) {
    return items.remove(key);
  }

  @Override
  public Stream<String> keySet() {
    return items.keySet().stream();
  }

  @Override
  public Stream<Secret> values() {
    return items.values().stream();
  }

  @Override
  public int size() {
    return items.size();
  }

  @Override
  public Secret get(String key) {
    return items.get(key);
  }

  static boolean isContentOmitted(Secret secret) {
    var annotations = secret.getMetadata().getAnnotations();
    return annotations != null && annotations.containsKey(CONTENT_OMITTED);
  }

  /**
   * From now on this Secret is stored whole. {@code read} (just fetched from the API server) replaces the
   * stored entry only if both are the same version: a newer version the informer stored meanwhile, or a
   * deletion, is never overwritten with an older read.
   */
  void keepContentOf(Secret read) {
    String key = getKey(read);
    wanted.add(key);
    items.computeIfPresent(key, (k, stored) ->
        Objects.equals(stored.getMetadata().getResourceVersion(), read.getMetadata().getResourceVersion())
            ? read : stored);
  }

  /** Written by the operator (a connection Secret). */
  static boolean isOwn(Secret secret) {
    var labels = secret.getMetadata().getLabels();
    return labels != null && OPERATOR.equals(labels.get(MANAGED_BY));
  }

  private boolean keepsContent(String key, Secret secret) {
    return wanted.contains(key) || isOwn(secret);
  }

  private static Secret withoutContent(Secret secret) {
    return new SecretBuilder()
        .withNewMetadata()
          .withName(secret.getMetadata().getName())
          .withNamespace(secret.getMetadata().getNamespace())
          .withUid(secret.getMetadata().getUid())
          .withResourceVersion(secret.getMetadata().getResourceVersion())
          .addToAnnotations(CONTENT_OMITTED, "true")
        .endMetadata()
        .build();
  }
}
