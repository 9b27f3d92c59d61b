package dev.dbops.aurora.migration;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The rule RDS applies to cluster, instance and cluster-snapshot identifiers (RDS API Reference): 1–63
 * letters, digits or hyphens, a letter first, no two consecutive hyphens, no trailing hyphen, stored in
 * lower case. Every name the migration derives from a user's identifier goes through {@link #derive}, so a
 * long source or target still yields a name RDS accepts.
 */
public final class RdsIdentifier {
  public static final int MAX_LENGTH = 63;
  private static final Pattern VALID = Pattern.compile("^[a-z][a-z0-9]*(-[a-z0-9]+)*$");
  private static final int HASH_LENGTH = 6;

  private RdsIdentifier() {}

  public static boolean isValid(String identifier) {
    return identifier != null && identifier.length() <= MAX_LENGTH && VALID.matcher(identifier).matches();
  }

  /**
   * {@code base + suffix}, lower-cased, when that fits. Otherwise the base is cut short and followed by
   * {@code -<hash6>} of the whole name before the suffix, so two long bases that share a prefix still get
   * different names. Names that fit are never changed: running migrations keep finding what they made.
   *
   * @param base a valid identifier (the CRD's pattern guarantees it for user input)
   * @param suffix starts with a hyphen, e.g. {@code -premigration-6f1c2d3e}
   */
  public static String derive(String base, String suffix) {
    String whole = (base + suffix).toLowerCase(Locale.ROOT);
    if (whole.length() <= MAX_LENGTH) {
      return checked(whole, base, suffix);
    }
    String lowerBase = base.toLowerCase(Locale.ROOT);
    String lowerSuffix = suffix.toLowerCase(Locale.ROOT);
    int keep = MAX_LENGTH - lowerSuffix.length() - HASH_LENGTH - 1;
    if (keep < 1) {
      throw new IllegalArgumentException("suffix " + suffix + " leaves no room for a name");
    }
    String cut = lowerBase.substring(0, Math.min(keep, lowerBase.length()));
    // A cut just after a hyphen would leave "--" before the hash; drop the hyphens at the cut.
    while (cut.endsWith("-")) {
      cut = cut.substring(0, cut.length() - 1);
    }
    return checked(cut + "-" + hash(whole) + lowerSuffix, base, suffix);
  }

  private static String checked(String name, String base, String suffix) {
    if (!isValid(name)) {
      throw new IllegalArgumentException(
          "'" + base + "' with '" + suffix + "' gives '" + name + "', which RDS refuses as an identifier");
    }
    return name;
  }

  private static String hash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, HASH_LENGTH);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
