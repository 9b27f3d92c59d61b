package dev.dbops.aurora.migration;

import dev.dbops.aurora.aws.BlueGreenDeployment;
import dev.dbops.aurora.model.migration.BlueGreenStatus;
import dev.dbops.aurora.model.migration.RollbackStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Undoes a BlueGreen migration before switchover: blue never stopped serving writes, so only the deployment goes
 * (DeleteBlueGreenDeployment without DeleteTarget). Green is kept: deleting it would need a final snapshot and a spec
 * that asks for it. What cannot be undone is said: the engine-mode conversion of a Serverless v1 source is one-way,
 * and the operator's parameter group with rds.logical_replication = 1 stays attached (detaching it needs a reboot).
 */
public final class BlueGreenRollback {
  static final String DEPLOYMENT_DELETED = "deployment deleted: ";

  public Optional<Duration> run(MigrationContext ctx, MigrationStatusWriter writer) {
    RollbackStatus rollback = ctx.status().getRollback();
    BlueGreenStatus status = ctx.status().blueGreen();
    if (rollback.getActions().stream().noneMatch(a -> a.startsWith(DEPLOYMENT_DELETED))) {
      Optional<BlueGreenDeployment> deployment = status.getDeploymentId() != null
          ? ctx.clusters().findBlueGreenDeployment(status.getDeploymentId())
          : ctx.sourceCluster().flatMap(blue -> ctx.clusters().blueGreenDeploymentsOfSource(blue.arn()).stream()
              .filter(d -> ctx.names().blueGreenDeployment().equals(d.name())).findFirst());
      if (deployment.isPresent() && deployment.get().isSwitchedOver()) {
        throw new IllegalStateException("deployment " + deployment.get().identifier() + " has switched over");
      }
      deployment.ifPresent(d -> {
        ctx.clusters().deleteBlueGreenDeployment(d.identifier(), false);
        rollback.getActions().add(DEPLOYMENT_DELETED + d.identifier() + " (" + d.name() + "); green "
            + clusterIdOf(d.targetArn()) + " kept: delete it by hand once inspected (no final snapshot is taken for you)");
      });
      if (deployment.isEmpty()) {
        rollback.getActions().add(DEPLOYMENT_DELETED + "none had been created");
      }
    }
    List<String> remains = new ArrayList<>();
    if (status.getConversionStartedAt() != null) {
      remains.add("the source stays provisioned (" + status.getConversionInstanceClass() + "): the engine-mode conversion"
          + " from Serverless v1 is one-way");
    }
    if (status.getLogicalReplicationParameterGroup() != null) {
      remains.add("the source keeps DB cluster parameter group " + status.getLogicalReplicationParameterGroup()
          + " (rds.logical_replication = 1); attaching its former group again takes a reboot");
    }
    rollback.setFinishedAt(ctx.now().toString());
    writer.rolledBack(ctx.migration(), "RolledBack", "rolled back (" + rollback.getReason() + "): "
        + String.join("; ", rollback.getActions()) + "; blue served the applications throughout"
        + (remains.isEmpty() ? "" : "; what remains: " + String.join("; ", remains))
        + ". To retry: fix the cause, delete this AuroraMigration and apply it again.");
    return Optional.empty();
  }

  private static String clusterIdOf(String arn) {
    return arn == null ? "(unknown)" : arn.substring(arn.lastIndexOf(':') + 1);
  }
}
