package dev.dbops.aurora.testing.aurora;

/**
 * What the local data plane knows of one cluster, kept as JSON in the state dir so a restarted (or a
 * second) {@link LocalAurora} process finds it. Immutable: every change writes a new record.
 *
 * @param host the cluster's own loopback address, its "endpoint"
 * @param dataDir the data directory of the current major version
 * @param upgradingTo the engine version a running major upgrade goes to, or null
 * @param stopped true after StopDBCluster or DeleteDBCluster: the server is not started again on resume
 */
public record ClusterRecord(
    String identifier,
    String engineVersion,
    int major,
    String host,
    int port,
    String masterUsername,
    String dataDir,
    String upgradingTo,
    boolean stopped) {

  ClusterRecord upgrading(String version) {
    return new ClusterRecord(identifier, engineVersion, major, host, port, masterUsername, dataDir, version, stopped);
  }

  ClusterRecord at(String version, int newMajor, String newDataDir) {
    return new ClusterRecord(identifier, version, newMajor, host, port, masterUsername, newDataDir, null, stopped);
  }

  ClusterRecord stopped(boolean isStopped) {
    return new ClusterRecord(identifier, engineVersion, major, host, port, masterUsername, dataDir, upgradingTo, isStopped);
  }

  /** The same server under another identifier and address, as a Blue/Green switchover renames clusters. */
  ClusterRecord renamed(String newIdentifier, String newHost, int newPort) {
    return new ClusterRecord(newIdentifier, engineVersion, major, newHost, newPort, masterUsername, dataDir, upgradingTo, stopped);
  }
}
