package dev.dbops.aurora.upgrade;

/** No chain of valid upgrades leads from the source version to the target; retrying will not help. */
public class NoUpgradePathException extends RuntimeException {
  public NoUpgradePathException(String message) {
    super(message);
  }
}
