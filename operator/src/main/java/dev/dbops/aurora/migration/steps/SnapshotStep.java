package dev.dbops.aurora.migration.steps;

import dev.dbops.aurora.aws.ClusterSnapshot;
import dev.dbops.aurora.migration.AwsPoll;
import dev.dbops.aurora.migration.MigrationContext;
import dev.dbops.aurora.migration.MigrationNames;
import dev.dbops.aurora.migration.MigrationStep;
import dev.dbops.aurora.migration.StepResult;
import dev.dbops.aurora.model.migration.SnapshotStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Takes a manual snapshot of the read-only source under a deterministic name, and waits for it. Right
 * before requesting it, records the write-fence baseline ({@link WriteFence}).
 */
public final class SnapshotStep implements MigrationStep {
  public static final String NAME = "Snapshot";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public StepResult run(MigrationContext ctx) {
    String id = ctx.names().sourceSnapshot();
    Optional<ClusterSnapshot> found = ctx.clusters().findSnapshot(id);
    if (found.isEmpty() && !WriteFence.hasBaseline(ctx)) {
      // The baseline is persisted (by this wait) before the snapshot is requested: a write between the two
      // then shows as a write later, a false alarm rather than a miss.
      WriteFence.recordBaseline(ctx);
      return StepResult.waiting("write-fence baseline recorded; requesting snapshot " + id, ctx.timings().nextStep());
    }
    if (found.isEmpty()) {
      OwnSnapshot.Outcome created = OwnSnapshot.create(ctx, id);
      if (created instanceof OwnSnapshot.NotListedYet) {
        return StepResult.waiting("snapshot " + id + " exists and is not listed yet", AwsPoll.next(ctx));
      }
      if (created instanceof OwnSnapshot.NotOurs other) {
        return StepResult.failed("SnapshotExists", "snapshot " + id + " exists and was not created by this migration "
            + "(owner tag " + other.snapshot().tags().get(MigrationNames.OWNER_TAG) + "); it was not touched");
      }
      found = Optional.of(((OwnSnapshot.Ours) created).snapshot());
    }
    ClusterSnapshot snapshot = found.get();
    record(ctx, snapshot);
    if (!snapshot.isAvailable()) {
      String progress = snapshot.percentProgress() == null ? "" : " (" + snapshot.percentProgress() + "%)";
      ctx.status().setStepProgress(snapshot.percentProgress() == null ? null : "snapshot " + snapshot.percentProgress() + "%");
      return StepResult.waiting(
          "snapshot " + id + " is " + snapshot.status() + progress, AwsPoll.next(ctx, snapshot.percentProgress()), arn(snapshot));
    }
    return StepResult.done("snapshot " + id + " is available", arn(snapshot));
  }

  @Override
  public List<String> plan(MigrationContext ctx) {
    return List.of(
        WriteFence.planBaseline(),
        "rds:CreateDBClusterSnapshot " + ctx.names().sourceCluster() + " → " + ctx.names().sourceSnapshot(),
        "rds:DescribeDBClusterSnapshots until available");
  }

  private static void record(MigrationContext ctx, ClusterSnapshot snapshot) {
    SnapshotStatus status = new SnapshotStatus();
    status.setIdentifier(snapshot.identifier());
    status.setArn(snapshot.arn());
    status.setStatus(snapshot.status());
    ctx.status().setSnapshot(status);
  }

  private static Map<String, String> arn(ClusterSnapshot snapshot) {
    return snapshot.arn() == null ? Map.of() : Map.of("snapshotArn", snapshot.arn());
  }
}
