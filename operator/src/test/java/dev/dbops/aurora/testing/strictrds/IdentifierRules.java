package dev.dbops.aurora.testing.strictrds;

import dev.dbops.aurora.testing.rds.RdsError;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * RDS's rules for the names of clusters, instances and cluster snapshots (RDS API Reference,
 * CreateDBCluster / CreateDBInstance / CreateDBClusterSnapshot: 1 to 63 letters, digits or hyphens, first a
 * letter, no two consecutive hyphens, no trailing hyphen; stored in lower case). DeleteDBCluster's
 * FinalDBSnapshotIdentifier follows the same pattern up to 255 characters.
 */
final class IdentifierRules {
  static final int MAX_LENGTH = 63;
  static final int FINAL_SNAPSHOT_MAX_LENGTH = 255;
  private static final Pattern SHAPE = Pattern.compile("[A-Za-z][A-Za-z0-9-]*");

  private IdentifierRules() {}

  /** The refusal RDS would answer for this name, or empty when it is acceptable. */
  static Optional<RdsError> check(String parameter, String value, int maxLength) {
    boolean valid = !value.isEmpty() && value.length() <= maxLength && SHAPE.matcher(value).matches()
        && !value.contains("--") && !value.endsWith("-");
    if (valid) {
      return Optional.empty();
    }
    return Optional.of(RdsError.invalidParameter("The parameter " + parameter + " is not a valid identifier. "
        + "Identifiers must begin with a letter; must contain only ASCII letters, digits, and hyphens; "
        + "must be at most " + maxLength + " characters long; and must not end with a hyphen or contain two "
        + "consecutive hyphens. Given: " + value + " (" + value.length() + " characters)"));
  }

  /** RDS stores these identifiers in lower case and matches them case-insensitively. */
  static String stored(String value) {
    // An ARN (tags, some describe filters) is already lower case where it names the resource.
    return value.startsWith("arn:") ? value : value.toLowerCase(Locale.ROOT);
  }
}
