package dev.dbops.aurora.model.migration;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** Options of the BlueGreen strategy (spec.strategy BlueGreen, or Auto resolved to it). */
public class BlueGreenSpec {
  /** RDS's default SwitchoverTimeout (RDS API Reference, SwitchoverBlueGreenDeployment). */
  public static final int DEFAULT_SWITCHOVER_TIMEOUT_SECONDS = 300;
  public static final int DEFAULT_MAX_REPLICATION_LAG_SECONDS = 10;
  /**
   * Provisioned class a Serverless v1 source is converted to. 16 GiB of memory, as 8 ACU of Serverless v1 (2 GiB
   * each), the class AWS's own conversion example uses, and the one the snapshot strategy's upgrade writer uses.
   */
  public static final String DEFAULT_CONVERSION_INSTANCE_CLASS = "db.r6g.large";

  @JsonPropertyDescription("Seconds RDS may take to switch over before it rolls the switchover back (30 to 3600, RDS's range; default 300).")
  @Min(30)
  @Max(3600)
  @Default("300")
  private Integer switchoverTimeoutSeconds;

  @JsonPropertyDescription("Switch over only when green's replication lag behind blue is at most this many seconds (default 10).")
  @Min(0)
  @Max(3600)
  @Default("10")
  private Integer maxReplicationLagSeconds;

  @JsonPropertyDescription("Tables (database.schema.table) without a primary key the operator may set to REPLICA IDENTITY FULL so UPDATE and DELETE replicate; never done to a table not listed here.")
  @Size(max = 100)
  @ValidationRule(value = "self.all(t, t.matches('^[^.\\\\s]+[.][^.\\\\s]+[.][^.\\\\s]+$'))",
      message = "each entry is database.schema.table")
  // Bounded: three identifiers of at most 63 bytes and two dots. Unbounded, the rule's estimated CEL cost exceeds the
  // API server's budget and a real kube-apiserver refuses the whole CRD.
  private List<@Size(max = 191) String> replicaIdentityFull = new ArrayList<>();

  @JsonPropertyDescription("Provisioned instance class a Serverless v1 source is converted to before the deployment (default db.r6g.large, 16 GiB); green gets db.serverless instances afterwards.")
  @Pattern("^db\\.[a-z0-9]+\\.[a-z0-9]+$")
  private String conversionInstanceClass;

  public int switchoverTimeoutOrDefault() {
    return switchoverTimeoutSeconds == null ? DEFAULT_SWITCHOVER_TIMEOUT_SECONDS : switchoverTimeoutSeconds;
  }

  public int maxReplicationLagOrDefault() {
    return maxReplicationLagSeconds == null ? DEFAULT_MAX_REPLICATION_LAG_SECONDS : maxReplicationLagSeconds;
  }

  public String conversionInstanceClassOrDefault() {
    return conversionInstanceClass == null ? DEFAULT_CONVERSION_INSTANCE_CLASS : conversionInstanceClass;
  }

  public Integer getSwitchoverTimeoutSeconds() {
    return switchoverTimeoutSeconds;
  }

  public void setSwitchoverTimeoutSeconds(Integer switchoverTimeoutSeconds) {
    this.switchoverTimeoutSeconds = switchoverTimeoutSeconds;
  }

  public Integer getMaxReplicationLagSeconds() {
    return maxReplicationLagSeconds;
  }

  public void setMaxReplicationLagSeconds(Integer maxReplicationLagSeconds) {
    this.maxReplicationLagSeconds = maxReplicationLagSeconds;
  }

  public List<String> getReplicaIdentityFull() {
    return replicaIdentityFull;
  }

  public void setReplicaIdentityFull(List<String> replicaIdentityFull) {
    this.replicaIdentityFull = replicaIdentityFull;
  }

  public String getConversionInstanceClass() {
    return conversionInstanceClass;
  }

  public void setConversionInstanceClass(String conversionInstanceClass) {
    this.conversionInstanceClass = conversionInstanceClass;
  }
}
