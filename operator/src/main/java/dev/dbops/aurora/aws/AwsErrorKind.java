package dev.dbops.aurora.aws;

/** How the operator should react to a failed AWS call. */
public enum AwsErrorKind {
  /** The resource does not exist. */
  NOT_FOUND,
  /** A resource with that identifier exists already. */
  ALREADY_EXISTS,
  /** The resource is busy (modifying, backing-up …): try again after a wait. */
  INVALID_STATE,
  /** Throttling or a server-side fault that outlived the SDK's own retries: back off and retry. */
  RETRYABLE,
  /** Invalid parameters, quota, missing permission: retrying cannot help until the spec or IAM changes. */
  TERMINAL,
  /**
   * The endpoint does not implement or offer this API (moto lacks DescribeDBEngineVersions; RDS answers
   * UnsupportedOperation): not retried, and callers with a fallback use it.
   */
  UNSUPPORTED
}
