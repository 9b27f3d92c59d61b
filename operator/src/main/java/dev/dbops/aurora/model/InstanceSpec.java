package dev.dbops.aurora.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** One named instance of the cluster. */
public class InstanceSpec {

  @JsonPropertyDescription("DB instance identifier.")
  @Required
  // Lower case only: RDS stores identifiers lower-cased, so a mixed-case name would never match what AWS lists.
  @Pattern("^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
  @Size(max = 63)
  private String identifier;

  @JsonPropertyDescription("Failover priority, 0 (highest) to 15.")
  @Min(0)
  @Max(15)
  private Integer promotionTier;

  public String getIdentifier() {
    return identifier;
  }

  public void setIdentifier(String identifier) {
    this.identifier = identifier;
  }

  public Integer getPromotionTier() {
    return promotionTier;
  }

  public void setPromotionTier(Integer promotionTier) {
    this.promotionTier = promotionTier;
  }
}
