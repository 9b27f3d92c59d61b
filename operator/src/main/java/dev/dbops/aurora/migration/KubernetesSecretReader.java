package dev.dbops.aurora.migration;

import dev.dbops.aurora.aws.SecretValue;
import dev.dbops.aurora.model.SecretKeyRef;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Reads Secret keys through the API server; messages name the Secret and key, never the value. */
public final class KubernetesSecretReader implements SecretReader {
  private final KubernetesClient client;

  public KubernetesSecretReader(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public SecretValue read(String namespace, SecretKeyRef ref) {
    Secret secret = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
    if (secret == null) {
      throw new MissingSecretException("Secret " + namespace + "/" + ref.getName() + " not found");
    }
    String key = ref.getKey() == null ? "password" : ref.getKey();
    if (secret.getData() != null && secret.getData().containsKey(key)) {
      return SecretValue.of(new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8));
    }
    if (secret.getStringData() != null && secret.getStringData().containsKey(key)) {
      return SecretValue.of(secret.getStringData().get(key));
    }
    throw new MissingSecretException("Secret " + namespace + "/" + ref.getName() + " has no key " + key);
  }
}
