package dev.dbops.aurora.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/** The cluster parameter group: an existing one by name, or parameters the operator keeps in a group of its own. */
@ValidationRule(value = "!(has(self.name) && has(self.parameters))", message = "set either name or parameters, not both")
public class ParameterGroupSpec {

  @JsonPropertyDescription("Existing DB cluster parameter group to attach.")
  private String name;

  @JsonPropertyDescription("Parameters for a group the operator creates and owns, named <clusterIdentifier>-<family>.")
  private Map<String, String> parameters;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Map<String, String> getParameters() {
    return parameters;
  }

  public void setParameters(Map<String, String> parameters) {
    this.parameters = parameters;
  }
}
