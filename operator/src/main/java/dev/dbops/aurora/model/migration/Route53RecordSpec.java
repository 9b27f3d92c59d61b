package dev.dbops.aurora.model.migration;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** A DNS record repointed at the target's writer endpoint (UPSERT of a CNAME). */
public class Route53RecordSpec {

  @JsonPropertyDescription("Route53 hosted zone id.")
  @Required
  private String hostedZoneId;

  @JsonPropertyDescription("Record name, e.g. orders-db.internal.example.com.")
  @Required
  private String recordName;

  @JsonPropertyDescription("Record TTL in seconds.")
  @Min(0)
  @Max(86400)
  @Default("60")
  private Integer ttl;

  public String getHostedZoneId() {
    return hostedZoneId;
  }

  public void setHostedZoneId(String hostedZoneId) {
    this.hostedZoneId = hostedZoneId;
  }

  public String getRecordName() {
    return recordName;
  }

  public void setRecordName(String recordName) {
    this.recordName = recordName;
  }

  public Integer getTtl() {
    return ttl;
  }

  public void setTtl(Integer ttl) {
    this.ttl = ttl;
  }
}
