package dev.dbops.aurora.model.migration;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/**
 * How the source's own DB cluster parameter group reaches the target, decided once by preflight: the
 * restore uses the source's group, each upgrade hop into a new family an operator-owned group holding the
 * source's changed parameters that still exist there. Restore and upgrade act on this record alone, so a
 * restarted operator carries over the same parameters even if the source's group changed meanwhile.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ParameterGroupsStatus {

  @JsonPropertyDescription("The source's own DB cluster parameter group; the restore (at the snapshot's version, the same family) uses it.")
  private String sourceGroup;

  @JsonPropertyDescription("Family of the source's group, e.g. aurora-postgresql13.")
  private String sourceFamily;

  @JsonPropertyDescription("Operator-owned groups, one per family the upgrade moves into, each sent with the hop into its family.")
  private List<CarriedParameterGroup> carried = new ArrayList<>();

  @JsonPropertyDescription("Parameters set on the source's group that a later family no longer has (removed or renamed in PostgreSQL); they are not carried over and each is also a preflight finding.")
  private List<DroppedParameter> dropped = new ArrayList<>();

  public String getSourceGroup() {
    return sourceGroup;
  }

  public void setSourceGroup(String sourceGroup) {
    this.sourceGroup = sourceGroup;
  }

  public String getSourceFamily() {
    return sourceFamily;
  }

  public void setSourceFamily(String sourceFamily) {
    this.sourceFamily = sourceFamily;
  }

  public List<CarriedParameterGroup> getCarried() {
    return carried;
  }

  public void setCarried(List<CarriedParameterGroup> carried) {
    this.carried = carried;
  }

  public List<DroppedParameter> getDropped() {
    return dropped;
  }

  public void setDropped(List<DroppedParameter> dropped) {
    this.dropped = dropped;
  }
}
