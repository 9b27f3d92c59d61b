package dev.dbops.aurora.cluster;

import dev.dbops.aurora.aws.ClusterChanges;
import java.util.ArrayList;
import java.util.List;

/** What a ModifyDBCluster changes, for status messages and events. */
final class ChangeSummary {
  private ChangeSummary() {}

  /** Names the settings a modify touches; values are left out so nothing secret can slip through. */
  static String of(ClusterChanges c) {
    List<String> parts = new ArrayList<>();
    if (c.scaling() != null) {
      parts.add("scaling " + c.scaling().min() + "-" + c.scaling().max() + " ACU");
    }
    if (c.backupRetentionDays() != null) {
      parts.add("backup retention " + c.backupRetentionDays() + "d");
    }
    if (c.backupWindow() != null) {
      parts.add("backup window");
    }
    if (c.maintenanceWindow() != null) {
      parts.add("maintenance window");
    }
    if (c.deletionProtection() != null) {
      parts.add("deletion protection " + c.deletionProtection());
    }
    if (c.parameterGroup() != null) {
      parts.add("parameter group " + c.parameterGroup());
    }
    if (c.enableLogTypes() != null || c.disableLogTypes() != null) {
      parts.add("log exports");
    }
    if (c.engineVersion() != null) {
      parts.add("engine version " + c.engineVersion());
    }
    if (c.copyTagsToSnapshot() != null) {
      parts.add("copy tags to snapshot " + c.copyTagsToSnapshot());
    }
    if (c.masterPassword() != null) {
      parts.add("master password");
    }
    return String.join(", ", parts);
  }

}
