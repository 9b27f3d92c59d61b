package dev.dbops.aurora.model.migration;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.LinkedHashMap;
import java.util.Map;

/** A Deployment or StatefulSet (one by name, or all matching labels) that uses the migrated database. */
@ValidationRule(value = "has(self.name) != has(self.matchLabels)", message = "set exactly one of name or matchLabels")
public class WorkloadRef {

  @JsonPropertyDescription("Deployment or StatefulSet, in the migration's namespace.")
  @Required
  @Pattern("^(Deployment|StatefulSet)$")
  private String kind;

  @JsonPropertyDescription("The workload's name.")
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  private String name;

  @JsonPropertyDescription("Every workload of this kind whose labels include all of these (resolved once, at cutover).")
  private Map<String, String> matchLabels;

  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Map<String, String> getMatchLabels() {
    return matchLabels;
  }

  public void setMatchLabels(Map<String, String> matchLabels) {
    this.matchLabels = matchLabels == null ? null : new LinkedHashMap<>(matchLabels);
  }

  public static WorkloadRef named(String kind, String name) {
    WorkloadRef ref = new WorkloadRef();
    ref.setKind(kind);
    ref.setName(name);
    return ref;
  }

  public static WorkloadRef labelled(String kind, Map<String, String> labels) {
    WorkloadRef ref = new WorkloadRef();
    ref.setKind(kind);
    ref.setMatchLabels(labels);
    return ref;
  }
}
