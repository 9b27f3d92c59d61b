package dev.dbops.aurora.postgres;

/**
 * Row count (and checksum when asked) of one table on both sides; checksums are null when not
 * computed. A table missing on the target has {@code targetRows} -1, so it never matches.
 *
 * @param table schema.table
 */
public record TableComparison(
    String database, String table, long sourceRows, long targetRows, String sourceChecksum, String targetChecksum) {

  public static final long MISSING = -1;

  public boolean missingOnTarget() {
    return targetRows == MISSING;
  }

  public boolean matches() {
    return sourceRows == targetRows
        && (sourceChecksum == null ? targetChecksum == null : sourceChecksum.equals(targetChecksum));
  }
}
