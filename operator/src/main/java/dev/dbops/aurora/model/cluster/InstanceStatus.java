package dev.dbops.aurora.model.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One instance as AWS reports it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class InstanceStatus {

  @JsonPropertyDescription("DB instance identifier.")
  private String identifier;

  @JsonPropertyDescription("Instance class.")
  private String instanceClass;

  @JsonPropertyDescription("AWS status, e.g. available.")
  private String status;

  @JsonPropertyDescription("True for the writer.")
  private Boolean writer;

  @JsonPropertyDescription("Failover priority.")
  private Integer promotionTier;

  public String getIdentifier() {
    return identifier;
  }

  public void setIdentifier(String identifier) {
    this.identifier = identifier;
  }

  public String getInstanceClass() {
    return instanceClass;
  }

  public void setInstanceClass(String instanceClass) {
    this.instanceClass = instanceClass;
  }

  public String getStatus() {
    return status;
  }

  public void setStatus(String status) {
    this.status = status;
  }

  public Boolean getWriter() {
    return writer;
  }

  public void setWriter(Boolean writer) {
    this.writer = writer;
  }

  public Integer getPromotionTier() {
    return promotionTier;
  }

  public void setPromotionTier(Integer promotionTier) {
    this.promotionTier = promotionTier;
  }
}
