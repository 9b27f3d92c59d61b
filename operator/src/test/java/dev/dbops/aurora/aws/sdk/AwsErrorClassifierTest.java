package dev.dbops.aurora.aws.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.aws.AwsErrorKind;
import dev.dbops.aurora.aws.AwsException;
import dev.dbops.aurora.aws.SecretValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

class AwsErrorClassifierTest {

  @ParameterizedTest(name = "{0} (HTTP {1}) is {2}")
  @CsvSource({
      "DBClusterNotFoundFault, 404, NOT_FOUND",
      "DBInstanceNotFound, 404, NOT_FOUND",
      "DBClusterSnapshotNotFoundFault, 404, NOT_FOUND",
      "DBParameterGroupNotFound, 404, NOT_FOUND",
      "DBClusterAlreadyExistsFault, 400, ALREADY_EXISTS",
      "DBInstanceAlreadyExists, 400, ALREADY_EXISTS",
      "DBClusterSnapshotAlreadyExistsFault, 400, ALREADY_EXISTS",
      "DBParameterGroupAlreadyExists, 400, ALREADY_EXISTS",
      "InvalidDBClusterStateFault, 400, INVALID_STATE",
      "InvalidDBInstanceState, 400, INVALID_STATE",
      "InvalidDBClusterSnapshotStateFault, 400, INVALID_STATE",
      "Throttling, 400, RETRYABLE",
      "ThrottlingException, 400, RETRYABLE",
      "InternalFailure, 500, RETRYABLE",
      "ServiceUnavailable, 503, RETRYABLE",
      "InsufficientDBInstanceCapacity, 400, RETRYABLE",
      "InvalidParameterValue, 400, TERMINAL",
      "InvalidParameterCombination, 400, TERMINAL",
      "DBClusterQuotaExceededFault, 403, TERMINAL",
      "StorageQuotaExceeded, 400, TERMINAL",
      "AccessDenied, 403, TERMINAL",
      "NotAuthorized, 403, TERMINAL",
      "UnauthorizedOperation, 403, TERMINAL",
      "KMSKeyNotAccessibleFault, 400, TERMINAL",
      "DBSubnetGroupNotFoundFault, 400, TERMINAL",
      "InvalidVPCNetworkStateFault, 400, TERMINAL",
      "SomethingNewFromAws, 400, TERMINAL",
      "SomethingNewFromAws, 502, RETRYABLE"
  })
  void awsErrorCodeDecidesTheKind(String code, int status, AwsErrorKind expected) {
    AwsException classified = AwsErrorClassifier.classify(serviceError(code, status, "AWS says no"));

    assertThat(classified.kind()).isEqualTo(expected);
    assertThat(classified.code()).isEqualTo(code);
    assertThat(classified.getMessage()).isEqualTo(code + ": AWS says no");
  }

  @Test
  void clientSideFailuresAreRetryable() {
    assertThat(AwsErrorClassifier.classify(SdkClientException.create("Unable to execute HTTP request")).kind())
        .isEqualTo(AwsErrorKind.RETRYABLE);
    AwsException timeout = AwsErrorClassifier.classify(ApiCallTimeoutException.create(60_000));
    assertThat(timeout.kind()).isEqualTo(AwsErrorKind.RETRYABLE);
    assertThat(timeout.code()).isEqualTo("ApiCallTimeout");
  }

  @Test
  void notImplementedAnswersAreUnsupported() {
    AwsServiceException localstack = serviceError("InternalFailure", 501, "API action not yet implemented");
    AwsServiceException moto = serviceError(null, 500, null);
    AwsServiceException awsOutage = serviceError("InternalFailure", 500, "We encountered an internal error");

    assertThat(AwsErrorClassifier.classify(localstack).kind()).isEqualTo(AwsErrorKind.UNSUPPORTED);
    assertThat(AwsErrorClassifier.isUnimplementedAction(moto)).isTrue();
    assertThat(AwsErrorClassifier.isUnimplementedAction(awsOutage)).isFalse();
    assertThat(AwsErrorClassifier.classify(moto).code()).isEqualTo("HTTP500");
  }

  @Test
  void echoedPasswordIsScrubbedAndTheCauseCarryingItDropped() {
    SecretValue password = SecretValue.of("Hunter2-very-secret");
    AwsServiceException echoing = serviceError("InvalidParameterValue", 400,
        "Invalid password Hunter2-very-secret for user admin");

    AwsException classified = AwsErrorClassifier.classify(echoing, password);

    assertThat(classified.getMessage()).doesNotContain("Hunter2-very-secret").contains("*****");
    assertThat(classified.getCause()).isNull();
  }

  @Test
  void causeIsKeptWhenNoSecretWasEchoed() {
    AwsServiceException failure = serviceError("InvalidParameterValue", 400, "bad engine");

    assertThat(AwsErrorClassifier.classify(failure, SecretValue.of("pw-not-in-message")).getCause()).isSameAs(failure);
  }

  private static AwsServiceException serviceError(String code, int status, String message) {
    return AwsServiceException.builder()
        .statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).serviceName("Rds").build())
        .build();
  }
}
