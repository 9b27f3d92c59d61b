package dev.dbops.aurora.cluster;

import dev.dbops.aurora.aws.AuroraCluster;
import dev.dbops.aurora.aws.SecretValue;
import dev.dbops.aurora.model.cluster.DatabaseCluster;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes the Secret apps load with envFrom. The owner reference lets Kubernetes delete it with the
 * resource. The password is included only when the operator knows it; with an AWS-managed password the
 * app reads it from Secrets Manager via masterUserSecretArn.
 */
public final class ConnectionSecretWriter {
  private final KubernetesClient client;
  private final SecretCache cache;

  ConnectionSecretWriter(KubernetesClient client, SecretCache cache) {
    this.client = client;
    this.cache = cache;
  }

  public static boolean isEnabled(DatabaseCluster resource) {
    var spec = resource.getSpec().getConnectionSecret();
    return spec == null || !Boolean.FALSE.equals(spec.getEnabled());
  }

  public static String nameFor(DatabaseCluster resource) {
    var spec = resource.getSpec().getConnectionSecret();
    return spec != null && spec.getName() != null ? spec.getName() : resource.getMetadata().getName() + "-connection";
  }

  /** Writes only when the content differs, compared with the cached Secret, so a steady-state reconcile sends nothing. */
  public void write(DatabaseCluster resource, DesiredCluster desired, AuroraCluster cluster, Optional<SecretValue> password) {
    String name = nameFor(resource);
    String namespace = resource.getMetadata().getNamespace();
    Map<String, String> data = encode(values(desired, cluster, password));
    Secret existing = cache.get(namespace, name).orElse(null);
    if (existing != null && Objects.equals(existing.getData(), data)) {
      return;
    }
    Secret secret = new SecretBuilder()
        .withNewMetadata()
          .withName(name)
          .withNamespace(namespace)
          .addToLabels(SecretContentStore.MANAGED_BY, SecretContentStore.OPERATOR)
          .addToOwnerReferences(new OwnerReferenceBuilder()
              .withApiVersion(resource.getApiVersion())
              .withKind(resource.getKind())
              .withName(resource.getMetadata().getName())
              .withUid(resource.getMetadata().getUid())
              .withController(true)
              .withBlockOwnerDeletion(true)
              .build())
        .endMetadata()
        .withType("Opaque")
        .withData(data)
        .build();
    if (existing == null) {
      try {
        client.secrets().inNamespace(namespace).resource(secret).create();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        // Written a moment ago and not in the cache yet: replace it with what this pass computed.
        client.secrets().inNamespace(namespace).resource(secret).update();
      }
    } else {
      client.secrets().inNamespace(namespace).resource(secret).update();
    }
  }

  static Map<String, String> values(DesiredCluster desired, AuroraCluster cluster, Optional<SecretValue> password) {
    String host = cluster.endpoint();
    String port = String.valueOf(cluster.port() != null ? cluster.port() : desired.port());
    String database = cluster.databaseName() != null ? cluster.databaseName() : desired.databaseName();
    String username = cluster.masterUsername() != null ? cluster.masterUsername() : desired.masterUsername();
    Map<String, String> values = new LinkedHashMap<>();
    values.put("host", host);
    values.put("readerHost", cluster.readerEndpoint() != null ? cluster.readerEndpoint() : host);
    values.put("port", port);
    values.put("database", database);
    values.put("username", username);
    String userInfo = urlEncode(username);
    if (password.isPresent()) {
      values.put("password", password.get().reveal());
      userInfo += ":" + urlEncode(password.get().reveal());
    }
    values.put("uri", "postgresql://" + userInfo + "@" + host + ":" + port + "/" + urlEncode(database));
    if (password.isEmpty() && cluster.masterUserSecretArn() != null) {
      values.put("masterUserSecretArn", cluster.masterUserSecretArn());
    }
    return values;
  }

  private static Map<String, String> encode(Map<String, String> values) {
    Map<String, String> data = new LinkedHashMap<>();
    values.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    return data;
  }

  private static String urlEncode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
