package dev.dbops.aurora.cluster;

/** PostgreSQL version arithmetic; since PostgreSQL 10 the major version is the first number. */
final class EngineVersions {
  private EngineVersions() {}

  static String major(String version) {
    int dot = version.indexOf('.');
    return dot < 0 ? version : version.substring(0, dot);
  }

  static boolean isMajorChange(String from, String to) {
    return from != null && to != null && !major(from).equals(major(to));
  }
}
