package dev.dbops.aurora.postgres;

/** Row count (and checksum when asked) of one table on both sides; checksums are null when not computed. */
public record TableComparison(
    String database, String table, long sourceRows, long targetRows, String sourceChecksum, String targetChecksum) {

  public boolean matches() {
    return sourceRows == targetRows
        && (sourceChecksum == null ? targetChecksum == null : sourceChecksum.equals(targetChecksum));
  }
}
