package dev.dbops.aurora.aws;

/** A failed AWS call, classified for the reconcilers; carries AWS's error code and message, never secrets. */
public class AwsException extends RuntimeException {
  private final AwsErrorKind kind;
  private final String code;

  public AwsException(AwsErrorKind kind, String code, String message, Throwable cause) {
    super(code + ": " + message, cause);
    this.kind = kind;
    this.code = code;
  }

  public AwsException(AwsErrorKind kind, String code, String message) {
    this(kind, code, message, null);
  }

  public AwsErrorKind kind() {
    return kind;
  }

  /** AWS's error code, e.g. InvalidParameterCombination, or an operator code for local failures. */
  public String code() {
    return code;
  }

  public boolean isRetryable() {
    return kind == AwsErrorKind.RETRYABLE || kind == AwsErrorKind.INVALID_STATE;
  }
}
