package dev.dbops.aurora.cluster;

import dev.dbops.aurora.aws.AwsErrorKind;
import dev.dbops.aurora.aws.AwsException;
import dev.dbops.aurora.aws.SecretValue;
import dev.dbops.aurora.datadog.DatadogConnection;
import dev.dbops.aurora.model.DatadogMonitoringSpec;
import dev.dbops.aurora.model.DatadogMonitoringStatus;
import dev.dbops.aurora.model.SecretKeyRef;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** Reads the Datadog API and application keys from the Secrets spec.monitoring.datadog (or status) names. */
final class DatadogKeySource {
  static final String DEFAULT_SITE = "datadoghq.com";
  private final KubernetesClient client;
  private final Optional<URI> endpoint;

  DatadogKeySource(KubernetesClient client, Optional<URI> endpoint) {
    this.client = client;
    this.endpoint = endpoint;
  }

  DatadogConnection connectionFor(String namespace, DatadogMonitoringSpec spec) {
    return connectionFor(namespace, recordOf(spec));
  }

  /** With the site and key Secrets recorded in status when the monitors were written. */
  DatadogConnection connectionFor(String namespace, DatadogMonitoringStatus recorded) {
    return new DatadogConnection(recorded.getSite(), read(namespace, recorded.getApiKeySecretRef(), "apiKeySecretRef"),
        read(namespace, recorded.getApplicationKeySecretRef(), "applicationKeySecretRef"), endpoint);
  }

  /** What status keeps of the spec: the site and the Secrets' names and keys, never a value. */
  static DatadogMonitoringStatus recordOf(DatadogMonitoringSpec spec) {
    DatadogMonitoringStatus record = new DatadogMonitoringStatus();
    record.setSite(spec.getSite() == null || spec.getSite().isBlank() ? DEFAULT_SITE : spec.getSite());
    record.setApiKeySecretRef(spec.getApiKeySecretRef());
    record.setApplicationKeySecretRef(spec.getApplicationKeySecretRef());
    return record;
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
