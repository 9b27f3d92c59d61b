package dev.dbops.aurora.migration.steps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.aws.AwsSettings;
import dev.dbops.aurora.aws.Capacity;
import dev.dbops.aurora.aws.NewCluster;
import dev.dbops.aurora.aws.SecretValue;
import dev.dbops.aurora.aws.sdk.SdkAwsRegions;
import dev.dbops.aurora.aws.sdk.SdkClusterApi;
import dev.dbops.aurora.migration.MigrationContext;
import dev.dbops.aurora.migration.MigrationTimings;
import dev.dbops.aurora.migration.StepResult;
import dev.dbops.aurora.model.ScalingSpec;
import dev.dbops.aurora.model.migration.AuroraMigration;
import dev.dbops.aurora.model.migration.AuroraMigrationSpec;
import dev.dbops.aurora.model.migration.AuroraMigrationStatus;
import dev.dbops.aurora.model.migration.SourceSpec;
import dev.dbops.aurora.model.migration.SourceStatus;
import dev.dbops.aurora.model.migration.TargetSpec;
import dev.dbops.aurora.testing.MotoServer;
import dev.dbops.aurora.testing.strictrds.Settings;
import dev.dbops.aurora.testing.strictrds.StrictRds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Snapshot and RestoreTarget steps, each run as the workflow runs it (once per reconcile), on the real
 * SDK through {@link StrictRds}. An AwsException out of a step reaches MigrationWorkflow.handleAwsError,
 * which fails the migration for every kind but RETRYABLE, INVALID_STATE and NOT_FOUND.
 */
@ExtendWith(MotoServer.class)
class StrictRdsMigrationStepsTest {
  private static final MigrationTimings TIMINGS =
      new MigrationTimings(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));
  private StrictRds strict;
  private SdkAwsRegions regions;
  private SdkClusterApi api;
  private final AuroraMigration migration = migration();

  private void start(Settings settings) {
    strict = StrictRds.inFrontOf(MotoServer.endpoint(), settings);
    regions = new SdkAwsRegions(new AwsSettings(MotoServer.REGION, Optional.of(strict.endpoint()), Duration.ofMinutes(5), 3),
        MotoServer.credentials(), SdkAwsRegions.DEFAULT_PAGE_SIZE);
    api = regions.sdkClusters(MotoServer.REGION);
    api.createCluster(new NewCluster("orders-v1", "aurora-postgresql", "13.12", new Capacity(0.5, 8.0, null),
        "app_admin", SecretValue.of("password123"), false, null, null, null, null, List.of(), false, null, 1, null,
        null, false, null, List.of(), false, Map.of()));
    awaitUntil(() -> {
      api.refresh("orders-v1"); // a find that missed the new cluster is cached as absent until refreshed
      return api.findCluster("orders-v1").map(c -> c.isAvailable()).orElse(false);
    });
  }

  @AfterEach
  void stop() {
    if (regions != null) {
      regions.close();
    }
    if (strict != null) {
      strict.close();
    }
  }

  @Test
  void snapshotStepWaitsWhileTheSnapshotProgressesThenIsDone() {
    start(Settings.realisticScaledDown());
    SnapshotStep step = new SnapshotStep();

    StepResult first = step.run(context());
    awaitUntil(() -> step.run(context()) instanceof StepResult.Done);

    assertThat(first).isInstanceOfSatisfying(StepResult.Waiting.class,
        w -> assertThat(w.message()).contains("is creating"));
    assertThat(strict.counts().requests("CreateDBClusterSnapshot")).isEqualTo(1);
  }

  @Disabled("defect: when CreateDBClusterSnapshot's answer is lost and the SDK retries, RDS answers "
      + "DBClusterSnapshotAlreadyExistsFault for the migration's own deterministic snapshot name; SnapshotStep "
      + "lets ALREADY_EXISTS out and MigrationWorkflow.handleAwsError fails the migration instead of waiting for "
      + "the snapshot it made (owner: migration steps / MigrationWorkflow)")
  @Test
  void snapshotStepWhoseCreateAnswerWasLostWaitsForItsOwnSnapshot() {
    start(Settings.instant().withLostAnswers(1.0, "CreateDBClusterSnapshot"));

    StepResult result = new SnapshotStep().run(context());

    assertThat(result).isNotInstanceOf(StepResult.Failed.class);
  }

  @Disabled("defect: RestoreTargetStep run again before DescribeDBClusters lists the new target (eventual "
      + "consistency right after RestoreDBClusterFromSnapshot) restores again; RDS answers "
      + "DBClusterAlreadyExistsFault and MigrationWorkflow.handleAwsError fails the migration "
      + "(owner: migration steps: record the restore in status and wait for the target, or treat ALREADY_EXISTS "
      + "of the migration's own name as done)")
  @Test
  void restoreTargetStepRunAgainBeforeTheTargetIsListedWaitsForIt() {
    start(Settings.instant().withConsistencyDelay(Duration.ofSeconds(2)));
    api.createSnapshot("orders-v1", context().names().sourceSnapshot(), Map.of());
    RestoreTargetStep step = new RestoreTargetStep();

    StepResult first = step.run(context());
    StepResult second = step.run(context());

    assertThat(first).isInstanceOf(StepResult.Waiting.class);
    assertThat(second).isInstanceOf(StepResult.Waiting.class);
    assertThat(strict.counts().requests("RestoreDBClusterFromSnapshot")).isEqualTo(1);
  }

  @Test
  void upgradeWriterNameFitsRdsLimitsForEveryTargetTheCrdAccepts() {
    start(Settings.instant());
    String target = "orders-" + "x".repeat(53); // 60 characters: the CRD's maxLength for the target
    migration.getSpec().getTarget().setClusterIdentifier(target);
    api.createCluster(new NewCluster(target, "aurora-postgresql", "13.12", null, "app_admin",
        SecretValue.of("password123"), false, null, null, null, null, List.of(), false, null, 1, null, null, false,
        null, List.of(), false, Map.of()));

    TargetInstances.create(context(), TargetInstances.upgradeWriter(context()), "db.r6g.large", 0);

    assertThat(api.findInstances(target)).hasSize(1);
  }

  private MigrationContext context() {
    return new MigrationContext(migration, MotoServer.REGION, api, null, null, null, null, null, null, TIMINGS,
        Clock.systemUTC());
  }

  private static AuroraMigration migration() {
    AuroraMigration m = new AuroraMigration();
    m.getMetadata().setName("orders");
    m.getMetadata().setNamespace("shop");
    m.getMetadata().setUid("6f1c2d3e-0000-4000-8000-000000000001");
    AuroraMigrationSpec spec = new AuroraMigrationSpec();
    SourceSpec sourceSpec = new SourceSpec();
    sourceSpec.setClusterIdentifier("orders-v1");
    spec.setSource(sourceSpec);
    TargetSpec target = new TargetSpec();
    target.setClusterIdentifier("orders-v2");
    ScalingSpec scaling = new ScalingSpec();
    scaling.setMinCapacity(0.5);
    scaling.setMaxCapacity(8.0);
    target.setScaling(scaling);
    spec.setTarget(target);
    m.setSpec(spec);
    AuroraMigrationStatus status = new AuroraMigrationStatus();
    SourceStatus source = new SourceStatus(); // as Preflight records it
    source.setEngineVersion("13.12");
    status.setSource(source);
    m.setStatus(status);
    return m;
  }

  private static void awaitUntil(java.util.function.BooleanSupplier condition) {
    Instant deadline = Instant.now().plusSeconds(30);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("condition not met within 30 s");
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
