package dev.dbops.aurora.model.migration;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

/** Create a DatabaseCluster that adopts the target so it stays managed. */
public class AdoptionSpec {

  @JsonPropertyDescription("Name of the DatabaseCluster resource (default the target identifier).")
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  private String name;

  @JsonPropertyDescription("Its deletion policy.")
  @Default("Retain")
  @Pattern("^(Retain|Snapshot|Delete)$")
  private String deletionPolicy;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(String deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }
}
