package dev.dbops.aurora.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Alarm thresholds; a field left empty keeps the default. */
public class AlarmThresholdsSpec {

  @JsonPropertyDescription("Alarm when ServerlessDatabaseCapacity stays above this percent of maxCapacity (default 90).")
  @Min(1)
  @Max(100)
  private Double capacityPercentOfMax;

  @JsonPropertyDescription("Alarm when CPUUtilization stays above this percent (default 80).")
  @Min(1)
  @Max(100)
  private Double cpuPercent;

  @JsonPropertyDescription("Alarm when DatabaseConnections stays above this count (default 500).")
  @Min(1)
  private Integer databaseConnections;

  @JsonPropertyDescription("Alarm when FreeableMemory falls below this many MiB (default 256).")
  @Min(0)
  private Double freeableMemoryMiB;

  @JsonPropertyDescription("Alarm when Deadlocks exceed this per minute (default 1).")
  @Min(0)
  private Double deadlocksPerMinute;

  @JsonPropertyDescription("Alarm when AuroraReplicaLag of a reader exceeds this many ms (default 2000).")
  @Min(0)
  private Double replicaLagMillis;

  public Double getCapacityPercentOfMax() {
    return capacityPercentOfMax;
  }

  public void setCapacityPercentOfMax(Double capacityPercentOfMax) {
    this.capacityPercentOfMax = capacityPercentOfMax;
  }

  public Double getCpuPercent() {
    return cpuPercent;
  }

  public void setCpuPercent(Double cpuPercent) {
    this.cpuPercent = cpuPercent;
  }

  public Integer getDatabaseConnections() {
    return databaseConnections;
  }

  public void setDatabaseConnections(Integer databaseConnections) {
    this.databaseConnections = databaseConnections;
  }

  public Double getFreeableMemoryMiB() {
    return freeableMemoryMiB;
  }

  public void setFreeableMemoryMiB(Double freeableMemoryMiB) {
    this.freeableMemoryMiB = freeableMemoryMiB;
  }

  public Double getDeadlocksPerMinute() {
    return deadlocksPerMinute;
  }

  public void setDeadlocksPerMinute(Double deadlocksPerMinute) {
    this.deadlocksPerMinute = deadlocksPerMinute;
  }

  public Double getReplicaLagMillis() {
    return replicaLagMillis;
  }

  public void setReplicaLagMillis(Double replicaLagMillis) {
    this.replicaLagMillis = replicaLagMillis;
  }
}
