package dev.dbops.aurora.aws;

import java.util.Locale;

/**
 * RDS identifiers (clusters, instances, snapshots, parameter groups) as RDS compares them: it accepts any
 * case and stores lower case, so "Orders-DB" asked for is "orders-db" answered.
 */
public final class RdsIdentifier {
  private RdsIdentifier() {}

  /** The identifier as RDS stores it. */
  public static String canonical(String identifier) {
    return identifier == null ? null : identifier.toLowerCase(Locale.ROOT);
  }

  public static boolean same(String a, String b) {
    return a != null && a.equalsIgnoreCase(b);
  }
}
