package dev.dbops.aurora.postgres;

/** A failed SQL step, with the SQLSTATE so callers can tell a refused write (25006) from an outage. */
public class PostgresException extends RuntimeException {
  private final String sqlState;

  public PostgresException(String sqlState, String message, Throwable cause) {
    super(message, cause);
    this.sqlState = sqlState;
  }

  public String sqlState() {
    return sqlState;
  }
}
