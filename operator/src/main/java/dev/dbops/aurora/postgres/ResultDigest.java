package dev.dbops.aurora.postgres;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Row count and order-independent checksum of one statement's result: the sum, modulo 2^64, of the first
 * 64 bits of each row's SHA-256 over the server's text of every column (a null marked apart from any
 * text). A sum does not depend on row order, so a statement without ORDER BY compares equal on both
 * sides; a changed, missing or extra row goes unseen only if the differences sum to exactly zero. The
 * server's text form is what a version change would alter (a cast, a function's output), so it is what
 * is compared.
 */
public record ResultDigest(long rows, long checksum) {

  static ResultDigest of(ResultSet rs) throws SQLException {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    int columns = rs.getMetaData().getColumnCount();
    long rows = 0;
    long sum = 0;
    while (rs.next()) {
      sha.reset();
      for (int i = 1; i <= columns; i++) {
        String value = rs.getString(i);
        // Length-prefixed, so ("ab", "c") and ("a", "bc") differ; -1 marks a null.
        String field = value == null ? "-1:" : value.length() + ":" + value;
        sha.update(field.getBytes(StandardCharsets.UTF_8));
      }
      byte[] hash = sha.digest();
      long h = 0;
      for (int b = 0; b < 8; b++) {
        h = (h << 8) | (hash[b] & 0xff);
      }
      sum += h;
      rows++;
    }
    return new ResultDigest(rows, sum);
  }

  public String describe() {
    return rows + " row(s), checksum " + Long.toUnsignedString(checksum, 16);
  }
}
