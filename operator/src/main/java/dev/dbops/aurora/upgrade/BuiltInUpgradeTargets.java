package dev.dbops.aurora.upgrade;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Aurora PostgreSQL upgrade targets known without asking AWS, used where DescribeDBEngineVersions is
 * missing (moto) and as the source of the default target version.
 *
 * <p>Source: Aurora User Guide, "Getting a list of available versions in your AWS Region"
 * (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_UpgradeDBInstance.PostgreSQL.UpgradeVersion.html)
 * and "Performing a major version upgrade"
 * (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_UpgradeDBInstance.PostgreSQL.MajorVersion.html).
 * Caveats, said plainly: that table is per minor version, long, and rewritten as AWS retires versions;
 * the rows below are a hand-made digest of it for the 11.x–14.x versions a Serverless v1 migration
 * starts from, not a copy, and could not be checked row by row here. What it encodes: old 11.x and
 * 12.x minors reach only one or two majors further, so they need a minor hop or an intermediate major
 * first; recent minors of 11–14 reach 15 directly. Within a major, any newer minor listed here is
 * taken as a valid (minor) target, as Aurora allows. The live API always wins over this table.
 */
public final class BuiltInUpgradeTargets {

  /** Major-version targets per source version; minor targets are derived below. */
  private static final Map<String, List<String>> MAJOR_TARGETS =
      Map.ofEntries(
          Map.entry("11.9", List.of("12.9", "13.5")),
          Map.entry("11.13", List.of("12.9", "13.5")),
          Map.entry("11.21", List.of("12.16", "13.12", "14.9", "15.4")),
          Map.entry("12.9", List.of("13.5", "14.3")),
          Map.entry("12.16", List.of("13.12", "14.9", "15.4")),
          Map.entry("13.5", List.of("14.3")),
          Map.entry("13.9", List.of("14.6", "15.2")),
          Map.entry("13.12", List.of("14.9", "15.4")),
          Map.entry("14.3", List.of("15.2")),
          Map.entry("14.6", List.of("15.2", "15.4")),
          Map.entry("14.9", List.of("15.4", "15.5")));

  /** 15.x releases the table knows; the newest is the default target. */
  private static final List<String> FIFTEEN =
      List.of("15.2", "15.3", "15.4", "15.5", "15.6", "15.7", "15.8", "15.10");

  private final Map<EngineVersion, List<String>> targets;

  public BuiltInUpgradeTargets() {
    TreeSet<EngineVersion> known = new TreeSet<>();
    MAJOR_TARGETS.forEach((source, list) -> {
      known.add(EngineVersion.parse(source));
      list.forEach(v -> known.add(EngineVersion.parse(v)));
    });
    FIFTEEN.forEach(v -> known.add(EngineVersion.parse(v)));
    var all = new HashMap<EngineVersion, List<String>>();
    for (EngineVersion version : known) {
      List<String> list = new ArrayList<>();
      for (EngineVersion newer : known.tailSet(version, false)) {
        if (newer.major() == version.major()) {
          list.add(newer.text());
        }
      }
      list.addAll(MAJOR_TARGETS.getOrDefault(version.text(), List.of()));
      all.put(version, List.copyOf(list));
    }
    this.targets = Map.copyOf(all);
  }

  /** True when the table has a row for this version. */
  public boolean knows(String version) {
    return targets.containsKey(EngineVersion.parse(version));
  }

  /** Versions this one can be upgraded to directly, minor and major; empty for unknown versions. */
  public List<String> targetsOf(String version) {
    return targets.getOrDefault(EngineVersion.parse(version), List.of());
  }

  /** The default target of a migration: the newest 15.x in the table. */
  public String newestOfMajor(int major) {
    return targets.keySet().stream()
        .filter(v -> v.major() == major)
        .max(EngineVersion::compareTo)
        .map(EngineVersion::text)
        .orElseThrow(() -> new IllegalArgumentException("no Aurora PostgreSQL " + major + ".x in the built-in table"));
  }
}
