package dev.dbops.aurora.model.migration;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.LinkedHashMap;
import java.util.Map;

/** An operator-owned DB cluster parameter group in one family, holding the source's changed parameters. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CarriedParameterGroup {

  @JsonPropertyDescription("Parameter group family, e.g. aurora-postgresql15.")
  private String family;

  @JsonPropertyDescription("Name of the group the operator creates (tagged with the migration's owner tag).")
  private String group;

  @JsonPropertyDescription("Parameter name to value, as set on the source's group.")
  private Map<String, String> parameters = new LinkedHashMap<>();

  public String getFamily() {
    return family;
  }

  public void setFamily(String family) {
    this.family = family;
  }

  public String getGroup() {
    return group;
  }

  public void setGroup(String group) {
    this.group = group;
  }

  public Map<String, String> getParameters() {
    return parameters;
  }

  public void setParameters(Map<String, String> parameters) {
    this.parameters = parameters;
  }
}
