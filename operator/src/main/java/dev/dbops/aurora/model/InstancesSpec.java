package dev.dbops.aurora.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** The cluster's db.serverless instances: a count, or a named list. */
@ValidationRule(value = "!(has(self.count) && has(self.named))", message = "set either count or named, not both")
public class InstancesSpec {

  @JsonPropertyDescription("Number of instances, named <clusterIdentifier>-1 .. -N; the first is the writer.")
  @Min(1)
  @Max(16)
  private Integer count;

  @JsonPropertyDescription("Instances by name; the first is the writer.")
  @Size(min = 1, max = 16)
  private List<InstanceSpec> named;

  @JsonPropertyDescription("Instance class; Serverless v2 needs db.serverless.")
  @Default("db.serverless")
  @Pattern("^db\\.serverless$")
  private String instanceClass;

  @JsonPropertyDescription("Default failover priority for instances that do not set their own.")
  @Min(0)
  @Max(15)
  private Integer promotionTier;

  @JsonPropertyDescription("Performance Insights settings for every instance.")
  private PerformanceInsightsSpec performanceInsights;

  @JsonPropertyDescription("Give instances a public address (default false).")
  private Boolean publiclyAccessible;

  public Integer getCount() {
    return count;
  }

  public void setCount(Integer count) {
    this.count = count;
  }

  public List<InstanceSpec> getNamed() {
    return named;
  }

  public void setNamed(List<InstanceSpec> named) {
    this.named = named;
  }

  public String getInstanceClass() {
    return instanceClass;
  }

  public void setInstanceClass(String instanceClass) {
    this.instanceClass = instanceClass;
  }

  public Integer getPromotionTier() {
    return promotionTier;
  }

  public void setPromotionTier(Integer promotionTier) {
    this.promotionTier = promotionTier;
  }

  public PerformanceInsightsSpec getPerformanceInsights() {
    return performanceInsights;
  }

  public void setPerformanceInsights(PerformanceInsightsSpec performanceInsights) {
    this.performanceInsights = performanceInsights;
  }

  public Boolean getPubliclyAccessible() {
    return publiclyAccessible;
  }

  public void setPubliclyAccessible(Boolean publiclyAccessible) {
    this.publiclyAccessible = publiclyAccessible;
  }
}
