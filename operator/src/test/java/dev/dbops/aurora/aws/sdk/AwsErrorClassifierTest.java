package dev.dbops.aurora.aws.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dbops.aurora.aws.AwsErrorKind;
import dev.dbops.aurora.aws.AwsException;
import dev.dbops.aurora.aws.SecretValue;
import com.sun.net.httpserver.HttpServer;
import dev.dbops.aurora.aws.AwsSettings;
import dev.dbops.aurora.aws.ClusterApi;
import dev.dbops.aurora.testing.MotoServer;
import dev.dbops.aurora.upgrade.BuiltInUpgradeTargets;
import dev.dbops.aurora.upgrade.UpgradePath;
import dev.dbops.aurora.upgrade.UpgradePathFinder;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
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
      "DBClusterParameterGroupNotFound, 404, TERMINAL",
      "DBParameterGroupNotFound, 404, TERMINAL",
      "OptionGroupNotFoundFault, 400, TERMINAL",
      "DBSecurityGroupNotFound, 404, TERMINAL",
      "InvalidVPCNetworkStateFault, 400, TERMINAL",
      "SomethingNewFromAws, 400, TERMINAL",
      "SomethingNewFromAws, 502, RETRYABLE",
      "UnsupportedOperation, 400, UNSUPPORTED",
      "InvalidAction, 400, UNSUPPORTED"
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

  /** How RDS (Query API) words a refusal of an action the account or region does not offer. */
  private static final String UNSUPPORTED_OPERATION = """
      <ErrorResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/">
        <Error>
          <Type>Sender</Type>
          <Code>UnsupportedOperation</Code>
          <Message>DescribeDBEngineVersions is not supported for this account.</Message>
        </Error>
        <RequestId>0f6b2c6e-0000-0000-0000-000000000000</RequestId>
      </ErrorResponse>
      """;

  @Test
  void unsupportedOperationFromRdsLetsTheUpgradePathFallBackToTheBuiltInTable() throws IOException {
    HttpServer rds = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    rds.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      byte[] body = UNSUPPORTED_OPERATION.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "text/xml");
      exchange.sendResponseHeaders(400, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    rds.start();
    AwsSettings settings = new AwsSettings("us-east-1",
        Optional.of(URI.create("http://127.0.0.1:" + rds.getAddress().getPort())), Duration.ofMinutes(1), 1);
    try (SdkAwsRegions regions = new SdkAwsRegions(settings, MotoServer.credentials(), 100)) {
      ClusterApi api = regions.clusters("us-east-1");

      assertThatThrownBy(() -> api.validUpgradeTargets("aurora-postgresql", "13.12"))
          .isInstanceOfSatisfying(AwsException.class, e -> {
            assertThat(e.kind()).isEqualTo(AwsErrorKind.UNSUPPORTED);
            assertThat(e.code()).isEqualTo("UnsupportedOperation");
          });
      BuiltInUpgradeTargets table = new BuiltInUpgradeTargets();
      UpgradePath path = new UpgradePathFinder(api, table).find("13.12", table.newestOfMajor(15));
      assertThat(path.versions()).startsWith("13.12").endsWith(table.newestOfMajor(15));
    } finally {
      rds.stop(0);
    }
  }

  private static AwsServiceException serviceError(String code, int status, String message) {
    return AwsServiceException.builder()
        .statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).serviceName("Rds").build())
        .build();
  }
}
