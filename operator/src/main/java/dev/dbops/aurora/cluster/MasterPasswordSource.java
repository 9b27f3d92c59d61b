package dev.dbops.aurora.cluster;

import dev.dbops.aurora.aws.AwsErrorKind;
import dev.dbops.aurora.aws.AwsException;
import dev.dbops.aurora.aws.SecretValue;
import dev.dbops.aurora.model.SecretKeyRef;
import dev.dbops.aurora.model.cluster.DatabaseCluster;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** Reads the master password from the Secret spec.masterCredentials.passwordSecretRef names. */
public final class MasterPasswordSource {
  private final KubernetesClient client;

  public MasterPasswordSource(KubernetesClient client) {
    this.client = client;
  }

  /** Empty when the spec names no Secret (AWS manages the password, or the cluster is adopted/restored). */
  public Optional<SecretValue> passwordFor(DatabaseCluster resource) {
    var credentials = resource.getSpec().getMasterCredentials();
    if (credentials == null || credentials.getPasswordSecretRef() == null) {
      return Optional.empty();
    }
    SecretKeyRef ref = credentials.getPasswordSecretRef();
    String key = ref.getKey() == null ? "password" : ref.getKey();
    Secret secret = client.secrets().inNamespace(resource.getMetadata().getNamespace()).withName(ref.getName()).get();
    // A missing Secret is often created a moment later by the same kubectl apply: retry, not fail.
    if (secret == null) {
      throw new AwsException(AwsErrorKind.INVALID_STATE, "PasswordSecretNotFound",
          "Secret " + ref.getName() + " named in masterCredentials.passwordSecretRef does not exist");
    }
    if (secret.getData() != null && secret.getData().get(key) != null) {
      return Optional.of(SecretValue.of(
          new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8)));
    }
    if (secret.getStringData() != null && secret.getStringData().get(key) != null) {
      return Optional.of(SecretValue.of(secret.getStringData().get(key)));
    }
    throw new AwsException(AwsErrorKind.INVALID_STATE, "PasswordKeyNotFound",
        "Secret " + ref.getName() + " has no key " + key);
  }
}
