package dev.dbops.aurora.aws;

import java.util.List;

/**
 * A Blue/Green deployment as DescribeBlueGreenDeployments reports it.
 *
 * @param status PROVISIONING, AVAILABLE, SWITCHOVER_IN_PROGRESS, SWITCHOVER_COMPLETED, INVALID_CONFIGURATION,
 *     SWITCHOVER_FAILED or DELETING
 * @param statusDetails RDS's explanation of the status, when it gives one
 * @param switchover one entry per blue/green member pair (the clusters, then their instances)
 * @param tasks the steps RDS ran to build green (CREATING_READ_REPLICA_OF_SOURCE, DB_ENGINE_VERSION_UPGRADE …)
 */
public record BlueGreenDeployment(
    String identifier,
    String name,
    String sourceArn,
    String targetArn,
    String status,
    String statusDetails,
    List<Member> switchover,
    List<Task> tasks) {

  /** One pair of SwitchoverDetails: status such as PROVISIONING, AVAILABLE, SWITCHOVER_COMPLETED, MISSING_SOURCE. */
  public record Member(String sourceArn, String targetArn, String status) {}

  /** One of the deployment's tasks: PENDING, IN_PROGRESS, COMPLETED or FAILED. */
  public record Task(String name, String status) {}

  public boolean isAvailable() {
    return "AVAILABLE".equals(status);
  }

  public boolean isSwitchedOver() {
    return "SWITCHOVER_COMPLETED".equals(status);
  }
}
