package dev.dbops.aurora.postgres;

import java.sql.SQLException;

/** A failed SQL step, with the SQLSTATE so callers can tell a refused write (25006) from an outage. */
public class PostgresException extends RuntimeException {
  private final String sqlState;

  public PostgresException(String sqlState, String message, Throwable cause) {
    super(message, cause);
    this.sqlState = sqlState;
  }

  /**
   * Wraps a driver error with what the operator was doing. The server's message names users and
   * objects but never a password; the connection URL (which holds none either) is not included.
   */
  public static PostgresException of(String doing, SQLException e) {
    return new PostgresException(e.getSQLState(), doing + ": " + e.getMessage(), e);
  }

  public String sqlState() {
    return sqlState;
  }
}
