package dev.dbops.aurora.testing.rds;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * An RDS error answer in the Query protocol's envelope, which is what the SDK's RDS client parses:
 * {@code <ErrorResponse><Error><Type>Sender|Receiver</Type><Code>…</Code><Message>…</Message></Error>
 * <RequestId>…</RequestId></ErrorResponse>}. The code picks the SDK's exception class
 * (DBClusterNotFoundFault → DbClusterNotFoundException), the HTTP status its retry decision.
 *
 * <p>An exception, so a rule deep in a stage (a data-plane check, a parameter that is missing) can refuse
 * the call by throwing it; {@link RdsExchange} answers it.
 */
public final class RdsError extends RuntimeException {
  private final int status;
  private final String code;

  public RdsError(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  public static RdsError clusterNotFound(String id) {
    return new RdsError(404, "DBClusterNotFoundFault", "DBCluster " + id + " not found.");
  }

  public static RdsError instanceNotFound(String id) {
    return new RdsError(404, "DBInstanceNotFound", "DBInstance " + id + " not found.");
  }

  public static RdsError snapshotNotFound(String id) {
    return new RdsError(404, "DBClusterSnapshotNotFoundFault", "DBClusterSnapshot " + id + " not found.");
  }

  public static RdsError clusterState(String id, String status) {
    return new RdsError(400, "InvalidDBClusterStateFault",
        "DB cluster " + id + " is not in a valid state for this operation: it is " + status + ".");
  }

  public static RdsError instanceState(String id, String status) {
    return new RdsError(400, "InvalidDBInstanceState",
        "DB instance " + id + " is not in a valid state for this operation: it is " + status + ".");
  }

  public static RdsError snapshotState(String id, String status) {
    return new RdsError(400, "InvalidDBClusterSnapshotStateFault",
        "DB cluster snapshot " + id + " is not available: it is " + status + ".");
  }

  public static RdsError invalidParameter(String message) {
    return new RdsError(400, "InvalidParameterValue", message);
  }

  public static RdsError invalidCombination(String message) {
    return new RdsError(400, "InvalidParameterCombination", message);
  }

  public static RdsError throttling() {
    return new RdsError(400, "Throttling", "Rate exceeded");
  }

  public static RdsError internalFailure() {
    return internalFailure("An internal error has occurred. Please try your query again at a later time.");
  }

  public static RdsError internalFailure(String message) {
    return new RdsError(500, "InternalFailure", message);
  }

  public static RdsError serviceUnavailable() {
    return new RdsError(503, "ServiceUnavailable", "Service is unavailable. Please try again later.");
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** 4xx are the caller's fault (Sender), 5xx the service's (Receiver), as in AWS's own answers. */
  public byte[] toXml() {
    return ("<ErrorResponse xmlns=\"" + RdsXml.NAMESPACE + "\">"
        + "<Error><Type>" + (status >= 500 ? "Receiver" : "Sender") + "</Type>"
        + "<Code>" + RdsXml.escape(code) + "</Code>"
        + "<Message>" + RdsXml.escape(getMessage()) + "</Message></Error>"
        + "<RequestId>" + UUID.randomUUID() + "</RequestId></ErrorResponse>").getBytes(StandardCharsets.UTF_8);
  }
}
