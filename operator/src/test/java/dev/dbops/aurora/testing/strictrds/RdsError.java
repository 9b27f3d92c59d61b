package dev.dbops.aurora.testing.strictrds;

import java.util.UUID;

/**
 * An RDS error answer in the Query protocol's envelope, which is what the SDK's RDS client parses:
 * {@code <ErrorResponse><Error><Type>Sender|Receiver</Type><Code>…</Code><Message>…</Message></Error>
 * <RequestId>…</RequestId></ErrorResponse>}. The code picks the SDK's exception class
 * (DBClusterNotFoundFault → DbClusterNotFoundException), the HTTP status its retry decision.
 */
record RdsError(int status, String code, String message) {

  static RdsError clusterNotFound(String id) {
    return new RdsError(404, "DBClusterNotFoundFault", "DBCluster " + id + " not found.");
  }

  static RdsError instanceNotFound(String id) {
    return new RdsError(404, "DBInstanceNotFound", "DBInstance " + id + " not found.");
  }

  static RdsError snapshotNotFound(String id) {
    return new RdsError(404, "DBClusterSnapshotNotFoundFault", "DBClusterSnapshot " + id + " not found.");
  }

  static RdsError clusterState(String id, String status) {
    return new RdsError(400, "InvalidDBClusterStateFault",
        "DB cluster " + id + " is not in a valid state for this operation: it is " + status + ".");
  }

  static RdsError instanceState(String id, String status) {
    return new RdsError(400, "InvalidDBInstanceState",
        "DB instance " + id + " is not in a valid state for this operation: it is " + status + ".");
  }

  static RdsError snapshotState(String id, String status) {
    return new RdsError(400, "InvalidDBClusterSnapshotStateFault",
        "DB cluster snapshot " + id + " is not available: it is " + status + ".");
  }

  static RdsError invalidParameter(String message) {
    return new RdsError(400, "InvalidParameterValue", message);
  }

  static RdsError invalidCombination(String message) {
    return new RdsError(400, "InvalidParameterCombination", message);
  }

  static RdsError throttling() {
    return new RdsError(400, "Throttling", "Rate exceeded");
  }

  static RdsError internalFailure() {
    return new RdsError(500, "InternalFailure", "An internal error has occurred. Please try your query again at a later time.");
  }

  static RdsError serviceUnavailable() {
    return new RdsError(503, "ServiceUnavailable", "Service is unavailable. Please try again later.");
  }

  /** 4xx are the caller's fault (Sender), 5xx the service's (Receiver), as in AWS's own answers. */
  String toXml() {
    return "<ErrorResponse xmlns=\"" + RdsXml.NAMESPACE + "\">"
        + "<Error><Type>" + (status >= 500 ? "Receiver" : "Sender") + "</Type>"
        + "<Code>" + RdsXml.escape(code) + "</Code>"
        + "<Message>" + RdsXml.escape(message) + "</Message></Error>"
        + "<RequestId>" + UUID.randomUUID() + "</RequestId></ErrorResponse>";
  }
}
