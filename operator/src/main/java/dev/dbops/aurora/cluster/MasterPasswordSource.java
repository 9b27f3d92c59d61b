package dev.dbops.aurora.cluster;

import dev.dbops.aurora.aws.AwsErrorKind;
import dev.dbops.aurora.aws.AwsException;
import dev.dbops.aurora.aws.SecretValue;
import dev.dbops.aurora.model.SecretKeyRef;
import dev.dbops.aurora.model.cluster.DatabaseCluster;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/** Reads the master password from the Secret spec.masterCredentials.passwordSecretRef names. */
public final class MasterPasswordSource {
  private final SecretCache secrets;

  /**
   * The password and which version of its Secret it came from.
   *
   * @param fingerprint SHA-256 of the Secret's uid and resourceVersion: it changes whenever the Secret is
   *     edited or replaced, and since it is not derived from the password it can sit in status without
   *     offering anyone a hash to guess the password against
   */
  public record MasterPassword(SecretValue value, String fingerprint) {}

  MasterPasswordSource(SecretCache secrets) {
    this.secrets = secrets;
  }

  /** Empty when the spec names no Secret (AWS manages the password, or the cluster is adopted/restored). */
  public Optional<SecretValue> passwordFor(DatabaseCluster resource) {
    return read(resource).map(MasterPassword::value);
  }

  public Optional<MasterPassword> read(DatabaseCluster resource) {
    var credentials = resource.getSpec().getMasterCredentials();
    if (credentials == null || credentials.getPasswordSecretRef() == null) {
      return Optional.empty();
    }
    SecretKeyRef ref = credentials.getPasswordSecretRef();
    String key = ref.getKey() == null ? "password" : ref.getKey();
    Secret secret = secrets.get(resource.getMetadata().getNamespace(), ref.getName()).orElse(null);
    // A missing Secret is often created a moment later by the same kubectl apply: retry, not fail.
    if (secret == null) {
      throw new AwsException(AwsErrorKind.INVALID_STATE, "PasswordSecretNotFound",
          "Secret " + ref.getName() + " named in masterCredentials.passwordSecretRef does not exist");
    }
    String fingerprint = fingerprint(secret);
    if (secret.getData() != null && secret.getData().get(key) != null) {
      return Optional.of(new MasterPassword(SecretValue.of(
          new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8)), fingerprint));
    }
    if (secret.getStringData() != null && secret.getStringData().get(key) != null) {
      return Optional.of(new MasterPassword(SecretValue.of(secret.getStringData().get(key)), fingerprint));
    }
    throw new AwsException(AwsErrorKind.INVALID_STATE, "PasswordKeyNotFound",
        "Secret " + ref.getName() + " has no key " + key);
  }

  private static String fingerprint(Secret secret) {
    String version = secret.getMetadata().getUid() + "/" + secret.getMetadata().getResourceVersion();
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(version.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
