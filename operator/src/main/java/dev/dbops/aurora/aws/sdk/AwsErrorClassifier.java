package dev.dbops.aurora.aws.sdk;

import dev.dbops.aurora.aws.AwsErrorKind;
import dev.dbops.aurora.aws.AwsException;
import dev.dbops.aurora.aws.SecretValue;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns SDK failures into {@link AwsException}s the reconcilers can act on. The message is AWS's error
 * code and message only: SDK request objects are never formatted into it, and any secret the caller
 * sent is scrubbed in case an endpoint echoes it back.
 */
public final class AwsErrorClassifier {

  /**
   * Codes RDS answers when a parameter group named in a request does not exist (RDS API Reference, the
   * Errors of ModifyDBCluster, RestoreDBClusterFromSnapshot, CreateDBInstance and
   * DescribeDBClusterParameterGroups/DescribeDBParameterGroups).
   */
  static final Set<String> PARAMETER_GROUP_NOT_FOUND = Set.of(
      "DBClusterParameterGroupNotFound",
      "DBClusterParameterGroupNotFoundFault",
      "DBParameterGroupNotFound",
      "DBParameterGroupNotFoundFault");

  /**
   * Codes of a missing dependency the spec names (parameter, subnet or option group, KMS key …): the
   * request cannot succeed until the spec changes, so these are TERMINAL, not NOT_FOUND, which stays for
   * the cluster, instance or snapshot the call is about (and is retried: RDS lists new ones late).
   */
  private static final Set<String> MISSING_DEPENDENCY = Set.of(
      "DBClusterParameterGroupNotFound",
      "DBClusterParameterGroupNotFoundFault",
      "DBParameterGroupNotFound",
      "DBParameterGroupNotFoundFault",
      "DBSubnetGroupNotFoundFault",
      "DBSecurityGroupNotFound",
      "DomainNotFoundFault",
      "OptionGroupNotFoundFault",
      "KMSKeyNotAccessibleFault",
      "InvalidSubnet",
      "InvalidVPCNetworkStateFault",
      "InvalidDBSubnetGroupStateFault");

  private static final Set<String> RETRYABLE_CODES = Set.of(
      "Throttling",
      "ThrottlingException",
      "RequestLimitExceeded",
      "TooManyRequestsException",
      "RequestThrottled",
      "InternalFailure",
      "InternalError",
      "ServiceUnavailable",
      "InsufficientDBClusterCapacityFault",
      "InsufficientDBInstanceCapacity",
      "InsufficientStorageClusterCapacity");

  /**
   * Codes of an action this endpoint (account, region, partition) does not offer: no different request
   * will make it work, but a caller with another way to the answer (the built-in upgrade table instead of
   * DescribeDBEngineVersions) should take it rather than fail.
   */
  private static final Set<String> UNSUPPORTED_CODES = Set.of(
      "UnsupportedOperation",
      "InvalidAction");

  private AwsErrorClassifier() {}

  public static AwsException classify(SdkException failure, SecretValue... secretsSent) {
    if (failure instanceof AwsServiceException service) {
      return fromService(service, secretsSent);
    }
    String code = failure instanceof ApiCallTimeoutException || failure instanceof ApiCallAttemptTimeoutException
        ? "ApiCallTimeout"
        : failure.getClass().getSimpleName();
    // Client-side failures (connection refused, timeouts, unreadable responses) outlived the SDK's own
    // retries; the next reconcile may well succeed.
    return build(AwsErrorKind.RETRYABLE, code, String.valueOf(failure.getMessage()), failure, secretsSent);
  }

  /**
   * moto answers an action it lacks with a bare HTTP 500 HTML page, which carries no AWS error code;
   * LocalStack answers 501. AWS itself always sends a code with its 5xx answers.
   */
  public static boolean isUnimplementedAction(SdkException failure) {
    if (!(failure instanceof AwsServiceException service)) {
      return false;
    }
    String code = codeOf(service);
    String message = messageOf(service).toLowerCase();
    return service.statusCode() == 501
        || message.contains("not been implemented")
        || message.contains("not yet implemented")
        || (service.statusCode() == 500 && (code == null || code.isBlank()));
  }

  /**
   * True when RDS said a parameter group does not exist: an absent group to a caller that looks the group
   * itself up, a missing dependency (TERMINAL) to anyone else.
   */
  public static boolean isMissingParameterGroup(AwsException e) {
    return PARAMETER_GROUP_NOT_FOUND.contains(e.code());
  }

  private static AwsException fromService(AwsServiceException failure, SecretValue[] secretsSent) {
    String code = codeOf(failure);
    String message = messageOf(failure);
    String reportedCode = code == null || code.isBlank() ? "HTTP" + failure.statusCode() : code;
    return build(kindOf(failure, code), reportedCode, message, failure, secretsSent);
  }

  static AwsErrorKind kindOf(AwsServiceException failure, String code) {
    if (failure.statusCode() == 501) {
      return AwsErrorKind.UNSUPPORTED;
    }
    if (code != null && !code.isBlank()) {
      if (UNSUPPORTED_CODES.contains(code)) {
        return AwsErrorKind.UNSUPPORTED;
      }
      if (MISSING_DEPENDENCY.contains(code)) {
        return AwsErrorKind.TERMINAL;
      }
      if (code.endsWith("NotFound") || code.endsWith("NotFoundFault")) {
        return AwsErrorKind.NOT_FOUND;
      }
      if (code.contains("AlreadyExists")) {
        return AwsErrorKind.ALREADY_EXISTS;
      }
      if (code.startsWith("Invalid") && (code.endsWith("State") || code.endsWith("StateFault"))) {
        return AwsErrorKind.INVALID_STATE;
      }
      if (RETRYABLE_CODES.contains(code)) {
        return AwsErrorKind.RETRYABLE;
      }
    }
    if (failure.isThrottlingException() || failure.statusCode() >= 500) {
      return AwsErrorKind.RETRYABLE;
    }
    // InvalidParameterValue/Combination, quotas, AccessDenied, NotAuthorized, UnauthorizedOperation and
    // unknown client errors: the same request will fail the same way.
    return AwsErrorKind.TERMINAL;
  }

  private static String codeOf(AwsServiceException failure) {
    AwsErrorDetails details = failure.awsErrorDetails();
    return details == null ? null : details.errorCode();
  }

  private static String messageOf(AwsServiceException failure) {
    AwsErrorDetails details = failure.awsErrorDetails();
    String message = details == null ? null : details.errorMessage();
    if (message == null || message.isBlank()) {
      message = "HTTP status " + failure.statusCode();
    }
    return message;
  }

  private static AwsException build(
      AwsErrorKind kind, String code, String message, SdkException cause, SecretValue[] secretsSent) {
    String scrubbed = message;
    boolean echoed = false;
    for (SecretValue secret : secretsSent) {
      if (secret != null && !secret.reveal().isEmpty() && scrubbed.contains(secret.reveal())) {
        scrubbed = scrubbed.replace(secret.reveal(), "*****");
        echoed = true;
      }
    }
    // The cause's own message would print the secret again in a stack trace: drop it then.
    return new AwsException(kind, code, scrubbed, echoed ? null : cause);
  }
}
