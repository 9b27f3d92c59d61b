package dev.dbops.aurora.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Where the operator created Datadog monitors and with which key Secrets (names and keys, never the
 * values), so it can delete exactly those once spec.monitoring.datadog is gone, even after a restart.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DatadogMonitoringStatus {

  @JsonPropertyDescription("Datadog site the monitors and dashboard were written to.")
  private String site;

  @JsonPropertyDescription("Secret key holding the Datadog API key used (the value is never recorded).")
  private SecretKeyRef apiKeySecretRef;

  @JsonPropertyDescription("Secret key holding the Datadog application key used (the value is never recorded).")
  private SecretKeyRef applicationKeySecretRef;

  public String getSite() {
    return site;
  }

  public void setSite(String site) {
    this.site = site;
  }

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
}
