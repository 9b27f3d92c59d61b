package dev.dbops.aurora.cluster;

import dev.dbops.aurora.aws.AwsErrorKind;
import dev.dbops.aurora.aws.AwsException;
import dev.dbops.aurora.aws.SecretValue;
import dev.dbops.aurora.datadog.DatadogConnection;
import dev.dbops.aurora.model.DatadogMonitoringSpec;
import dev.dbops.aurora.model.SecretKeyRef;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** Reads the Datadog API and application keys from the Secrets spec.monitoring.datadog names. */
final class DatadogKeySource {
  static final String DEFAULT_SITE = "datadoghq.com";
  private final KubernetesClient client;

  DatadogKeySource(KubernetesClient client) {
    this.client = client;
  }

  DatadogConnection connectionFor(String namespace, DatadogMonitoringSpec spec) {
    String site = spec.getSite() == null || spec.getSite().isBlank() ? DEFAULT_SITE : spec.getSite();
    return new DatadogConnection(site, read(namespace, spec.getApiKeySecretRef(), "apiKeySecretRef"),
        read(namespace, spec.getApplicationKeySecretRef(), "applicationKeySecretRef"), Optional.empty());
  }

  private SecretValue read(String namespace, SecretKeyRef ref, String field) {
    if (ref == null || ref.getName() == null) {
      throw new AwsException(AwsErrorKind.INVALID_STATE, "DatadogKeyMissing", "monitoring.datadog." + field + " is not set");
    }
    Secret secret = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
    String key = ref.getKey();
    if (secret != null && secret.getData() != null && secret.getData().get(key) != null) {
      return SecretValue.of(new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8));
    }
    if (secret != null && secret.getStringData() != null && secret.getStringData().get(key) != null) {
      return SecretValue.of(secret.getStringData().get(key));
    }
    // Names the Secret and key, never a value.
    throw new AwsException(AwsErrorKind.INVALID_STATE, "DatadogKeyNotFound",
        "Secret " + ref.getName() + " key " + key + " named in monitoring.datadog." + field + " not found");
  }
}
