package dev.dbops.aurora.cluster;

import dev.dbops.aurora.upgrade.UpgradePath;
import dev.dbops.aurora.aws.AuroraCluster;
import dev.dbops.aurora.aws.Capacity;
import dev.dbops.aurora.aws.ClusterChanges;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The difference between the desired and the observed cluster, as one ModifyDBCluster call. A major
 * version change without spec.allowMajorVersionUpgrade is left out of the changes and reported instead.
 *
 * @param changes what to send; {@link ClusterChanges#isEmpty()} when nothing drifted
 * @param blockedMajorUpgrade the refused target version, when the spec asks for a major upgrade it does not allow
 * @param fields every drifted setting with both values, including those left out of {@code changes}
 */
public record ClusterDrift(ClusterChanges changes, Optional<String> blockedMajorUpgrade, List<FieldDrift> fields) {

  public static ClusterDrift between(DesiredCluster desired, AuroraCluster observed) {
    return between(desired, observed, Set.of());
  }

  /** @param leaveOut fields not to send (they are still listed in {@link #fields()}) */
  public static ClusterDrift between(DesiredCluster desired, AuroraCluster observed, Set<String> leaveOut) {
    Drifts d = new Drifts(leaveOut);
    Capacity scaling = d.send("scaling", !sameCapacity(desired.scaling(), observed.scaling()),
        desired.scaling(), observed.scaling(), ClusterDrift::capacityText);
    // Settings the spec is silent about are whatever AWS has (an adopted cluster keeps its own).
    Integer retention = d.send("backupRetentionDays",
        desired.backupRetentionDays() != null
            && !Objects.equals(desired.backupRetentionDays(), observed.backupRetentionDays()),
        desired.backupRetentionDays(), observed.backupRetentionDays(), FieldDrift::text);
    String backupWindow = d.send("preferredBackupWindow", differs(desired.backupWindow(), observed.backupWindow()),
        desired.backupWindow(), observed.backupWindow(), FieldDrift::text);
    String maintenanceWindow = d.send("preferredMaintenanceWindow",
        differs(desired.maintenanceWindow(), observed.maintenanceWindow()),
        desired.maintenanceWindow(), observed.maintenanceWindow(), FieldDrift::text);
    Boolean deletionProtection = d.send("deletionProtection",
        desired.deletionProtection() != null && desired.deletionProtection() != observed.deletionProtection(),
        desired.deletionProtection(), observed.deletionProtection(), FieldDrift::text);
    String parameterGroup = d.send("parameterGroup",
        desired.parameterGroupName().filter(name -> !name.equals(observed.parameterGroup())).isPresent(),
        desired.parameterGroupName().orElse(null), observed.parameterGroup(), FieldDrift::text);
    List<String> exported = observed.logExports() == null ? List.of() : observed.logExports();
    List<String> enable = desired.logExports().stream().filter(t -> !exported.contains(t)).toList();
    List<String> disable = exported.stream().filter(t -> !desired.logExports().contains(t)).toList();
    boolean exportsSent = d.send("cloudwatchLogsExports", !enable.isEmpty() || !disable.isEmpty(),
        desired.logExports(), exported, FieldDrift::text) != null;
    Boolean copyTags = d.send("copyTagsToSnapshot",
        desired.copyTagsToSnapshot() != null && desired.copyTagsToSnapshot() != observed.copyTagsToSnapshot(),
        desired.copyTagsToSnapshot(), observed.copyTagsToSnapshot(), FieldDrift::text);

    String version = null;
    boolean major = false;
    Optional<String> blocked = Optional.empty();
    if (observed.engineVersion() != null && !desired.engineVersion().equals(observed.engineVersion())) {
      major = observed.engineVersion() != null && UpgradePath.isMajorUpgrade(observed.engineVersion(), desired.engineVersion());
      if (major && !desired.allowMajorVersionUpgrade()) {
        blocked = Optional.of(desired.engineVersion());
        major = false;
      } else if (isNewer(desired.engineVersion(), observed.engineVersion())) {
        version = d.send("engineVersion", true, desired.engineVersion(), observed.engineVersion(), FieldDrift::text);
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
        exportsSent && !enable.isEmpty() ? enable : null,
        exportsSent && !disable.isEmpty() ? disable : null,
        version,
        version != null && major,
        null,
        copyTags,
        null);
    return new ClusterDrift(changes, blocked, List.copyOf(d.fields));
  }

  /** Collects drifted fields and answers the value to send: null when equal or left out. */
  private static final class Drifts {
    private final Set<String> leaveOut;
    private final List<FieldDrift> fields = new ArrayList<>();

    Drifts(Set<String> leaveOut) {
      this.leaveOut = leaveOut;
    }

    <T, O> T send(String field, boolean differs, T desired, O observed, Function<Object, String> text) {
      if (!differs) {
        return null;
      }
      fields.add(new FieldDrift(field, text.apply(desired), text.apply(observed)));
      return leaveOut.contains(field) ? null : desired;
    }
  }

  private static String capacityText(Object value) {
    if (!(value instanceof Capacity c)) {
      return FieldDrift.NONE;
    }
    String range = c.min() + "-" + c.max() + " ACU";
    return c.secondsUntilAutoPause() == null ? range : range + ", pause after " + c.secondsUntilAutoPause() + "s";
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
