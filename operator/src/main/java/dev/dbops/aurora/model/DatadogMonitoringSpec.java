package dev.dbops.aurora.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/** Datadog monitors and dashboard through Datadog's API. */
public class DatadogMonitoringSpec {

  @JsonPropertyDescription("Secret key holding the Datadog API key.")
  @Required
  private SecretKeyRef apiKeySecretRef;

  @JsonPropertyDescription("Secret key holding the Datadog application key.")
  @Required
  private SecretKeyRef applicationKeySecretRef;

  @JsonPropertyDescription("Datadog site, e.g. datadoghq.com or datadoghq.eu.")
  @Default("datadoghq.com")
  private String site;

  @JsonPropertyDescription("Datadog notification handles added to monitor messages, e.g. @slack-db-alerts.")
  private List<String> notify;

  public SecretKeyRef getApiKeySecretRef() {
    return apiKeySecretRef;
  }

  public void setApiKeySecretRef(SecretKeyRef apiKeySecretRef) {
    this.apiKeySecretRef = apiKeySecretRef;
  }

  public SecretKeyRef getApplicationKeySecretRef() {
    return applicationKeySecretRef;
  }

  public void setApplicationKeySecretRef(SecretKeyRef applicationKeySecretRef) {
    this.applicationKeySecretRef = applicationKeySecretRef;
  }

  public String getSite() {
    return site;
  }

  public void setSite(String site) {
    this.site = site;
  }

  public List<String> getNotify() {
    return notify;
  }

  public void setNotify(List<String> notify) {
    this.notify = notify;
  }
}
