package dev.dbops.aurora.datadog;

/**
 * A Datadog call that failed, with the HTTP status; the message names the operation and the status only,
 * never request bodies or headers, which carry the keys.
 */
public class DatadogException extends RuntimeException {
  private final int status;

  public DatadogException(String operation, int status) {
    super("Datadog " + operation + " failed with HTTP " + status + describe(status));
    this.status = status;
  }

  /** @param reason the operator's own words for what was wrong with an answer, never the answer itself */
  public DatadogException(String operation, int status, String reason) {
    super("Datadog " + operation + " failed with HTTP " + status + " (" + reason + ")");
    this.status = status;
  }

  public int status() {
    return status;
  }

  /** Keys refused or lacking permissions: retrying will not help until the Secret changes. */
  public boolean isAuthorization() {
    return status == 401 || status == 403;
  }

  private static String describe(int status) {
    return switch (status) {
      case 401, 403 -> " (check the API and application keys and their permissions)";
      case 429 -> " (rate limited)";
      case 0 -> " (no answer)";
      default -> "";
    };
  }
}
