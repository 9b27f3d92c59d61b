package dev.dbops.aurora.cluster;

import dev.dbops.aurora.upgrade.UpgradePath;
import dev.dbops.aurora.aws.AuroraCluster;
import dev.dbops.aurora.aws.Capacity;
import dev.dbops.aurora.aws.ClusterChanges;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The difference between the desired and the observed cluster, as one ModifyDBCluster call. A major
 * version change without spec.allowMajorVersionUpgrade is left out of the changes and reported instead.
 *
 * @param changes what to send; {@link ClusterChanges#isEmpty()} when nothing drifted
 * @param blockedMajorUpgrade the refused target version, when the spec asks for a major upgrade it does not allow
 */
public record ClusterDrift(ClusterChanges changes, Optional<String> blockedMajorUpgrade) {

  public static ClusterDrift between(DesiredCluster desired, AuroraCluster observed) {
    Capacity scaling = sameCapacity(desired.scaling(), observed.scaling()) ? null : desired.scaling();
    Integer retention = Objects.equals(desired.backupRetentionDays(), observed.backupRetentionDays())
        ? null : desired.backupRetentionDays();
    String backupWindow = differs(desired.backupWindow(), observed.backupWindow()) ? desired.backupWindow() : null;
    String maintenanceWindow = differs(desired.maintenanceWindow(), observed.maintenanceWindow())
        ? desired.maintenanceWindow() : null;
    Boolean deletionProtection = desired.deletionProtection() != observed.deletionProtection()
        ? desired.deletionProtection() : null;
    String parameterGroup = desired.parameterGroupName()
        .filter(name -> !name.equals(observed.parameterGroup()))
        .orElse(null);
    List<String> exported = observed.logExports() == null ? List.of() : observed.logExports();
    List<String> enable = desired.logExports().stream().filter(t -> !exported.contains(t)).toList();
    List<String> disable = exported.stream().filter(t -> !desired.logExports().contains(t)).toList();
    Boolean copyTags = desired.copyTagsToSnapshot() != observed.copyTagsToSnapshot()
        ? desired.copyTagsToSnapshot() : null;

    String version = null;
    boolean major = false;
    Optional<String> blocked = Optional.empty();
    if (observed.engineVersion() != null && !desired.engineVersion().equals(observed.engineVersion())) {
      major = observed.engineVersion() != null && UpgradePath.isMajorUpgrade(observed.engineVersion(), desired.engineVersion());
      if (major && !desired.allowMajorVersionUpgrade()) {
        blocked = Optional.of(desired.engineVersion());
        major = false;
      } else if (isNewer(desired.engineVersion(), observed.engineVersion())) {
        version = desired.engineVersion();
      }
      // An older version than AWS runs cannot be reached by ModifyDBCluster; leave it and let status show it.
    }
    ClusterChanges changes = new ClusterChanges(
        scaling,
        retention,
        backupWindow,
        maintenanceWindow,
        deletionProtection,
        parameterGroup,
        enable.isEmpty() ? null : enable,
        disable.isEmpty() ? null : disable,
        version,
        version != null && major,
        null,
        copyTags,
        null);
    return new ClusterDrift(changes, blocked);
  }

  /** A window left empty in the spec means "whatever AWS chose", not "clear it". */
  private static boolean differs(String desired, String observed) {
    return desired != null && !desired.equals(observed);
  }

  private static boolean sameCapacity(Capacity desired, Capacity observed) {
    if (observed == null) {
      return false;
    }
    boolean pauseMatters = desired.min() != null && desired.min() == 0.0 && desired.secondsUntilAutoPause() != null;
    return Objects.equals(desired.min(), observed.min())
        && Objects.equals(desired.max(), observed.max())
        && (!pauseMatters || Objects.equals(desired.secondsUntilAutoPause(), observed.secondsUntilAutoPause()));
  }

  static boolean isNewer(String candidate, String current) {
    String[] a = candidate.split("\\.");
    String[] b = current.split("\\.");
    for (int i = 0; i < Math.max(a.length, b.length); i++) {
      int x = i < a.length ? Integer.parseInt(a[i]) : 0;
      int y = i < b.length ? Integer.parseInt(b[i]) : 0;
      if (x != y) {
        return x > y;
      }
    }
    return false;
  }
}
