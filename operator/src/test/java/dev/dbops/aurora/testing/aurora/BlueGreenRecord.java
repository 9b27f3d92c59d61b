package dev.dbops.aurora.testing.aurora;

import java.util.List;

/**
 * What the local data plane knows of one Blue/Green deployment: which servers are blue and green, the
 * status the data makes true (moto's own status is instant), and the write-blocked window of its switchover.
 *
 * @param status PROVISIONING, AVAILABLE, SWITCHOVER_IN_PROGRESS, SWITCHOVER_COMPLETED, SWITCHOVER_FAILED,
 *     INVALID_CONFIGURATION (provisioning failed; {@code detail} says why) or DELETING
 * @param databases blue's databases, each with a publication on blue and a subscription on green
 * @param blockedMillis from blue refusing writes to green accepting them on blue's endpoint; -1 before
 */
public record BlueGreenRecord(
    String identifier,
    String blueCluster,
    String greenCluster,
    String targetEngineVersion,
    String status,
    String detail,
    List<String> databases,
    long blockedMillis) {

  BlueGreenRecord with(String newStatus, String newDetail) {
    return new BlueGreenRecord(identifier, blueCluster, greenCluster, targetEngineVersion, newStatus, newDetail, databases,
        blockedMillis);
  }

  BlueGreenRecord withDatabases(List<String> names) {
    return new BlueGreenRecord(identifier, blueCluster, greenCluster, targetEngineVersion, status, detail, names,
        blockedMillis);
  }

  BlueGreenRecord switchedOver(long millis) {
    return new BlueGreenRecord(identifier, blueCluster, greenCluster, targetEngineVersion, "SWITCHOVER_COMPLETED",
        "Switchover completed; writes were blocked for " + millis + " ms", databases, millis);
  }

  /** The publication on blue (one name in every database). */
  String publication() {
    return "aurora_" + identifier.replace('-', '_');
  }

  /** The subscription on green for blue's {@code index}-th database; also its slot's name on blue, unique there. */
  String subscription(int index) {
    return publication() + "_" + index;
  }
}
