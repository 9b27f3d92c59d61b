package dev.dbops.aurora.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Performance Insights for the cluster's instances. */
public class PerformanceInsightsSpec {

  @JsonPropertyDescription("Turn Performance Insights on.")
  private boolean enabled;

  @JsonPropertyDescription("Days to keep Performance Insights data (7, 31 multiples, up to 731).")
  @Min(7)
  @Max(731)
  private Integer retentionDays;

  @JsonPropertyDescription("KMS key for Performance Insights data; AWS's default key when empty.")
  private String kmsKeyId;

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public Integer getRetentionDays() {
    return retentionDays;
  }

  public void setRetentionDays(Integer retentionDays) {
    this.retentionDays = retentionDays;
  }

  public String getKmsKeyId() {
    return kmsKeyId;
  }

  public void setKmsKeyId(String kmsKeyId) {
    this.kmsKeyId = kmsKeyId;
  }
}
