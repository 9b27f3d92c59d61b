package dev.dbops.aurora.migration.steps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.aws.ClusterApi;
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
import dev.dbops.aurora.model.migration.AuroraMigrationStatus;
import dev.dbops.aurora.model.migration.SourceStatus;
import dev.dbops.aurora.model.migration.TargetSpec;
import dev.dbops.aurora.model.migration.WriteFenceStatus;
import dev.dbops.aurora.testing.MigrationResources;
import dev.dbops.aurora.testing.MotoServer;
import dev.dbops.aurora.testing.strictrds.Settings;
import dev.dbops.aurora.testing.strictrds.StrictRds;
import dev.dbops.aurora.testing.strictrds.StrictRdsOnMoto;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
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
  private StrictRdsOnMoto rds;
  private StrictRds strict;
  private SdkClusterApi api;
  private final AuroraMigration migration = migration();

  private void start(Settings settings) {
    rds = StrictRdsOnMoto.start(settings, SdkAwsRegions.DEFAULT_PAGE_SIZE);
    strict = rds.strict();
    api = rds.clusters();
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
    if (rds != null) {
      rds.close();
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

  @Test
  void snapshotStepWhoseCreateAnswerWasLostWaitsForItsOwnSnapshot() {
    start(Settings.instant().withLostAnswers(1.0, "CreateDBClusterSnapshot"));

    StepResult result = new SnapshotStep().run(context());

    assertThat(result).isNotInstanceOf(StepResult.Failed.class);
  }

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
  void snapshotStepLeavesASnapshotOfItsNameThatIsNotItsOwnAlone() {
    start(Settings.instant());
    String id = context().names().sourceSnapshot();
    api.createSnapshot("orders-v1", id, Map.of("aurora.dbops.dev/migration", "shop/someone-else"));

    StepResult result = new SnapshotStep().run(contextWith(firstSnapshotFindMisses(api)));

    assertThat(result).isInstanceOfSatisfying(StepResult.Failed.class,
        f -> assertThat(f.message()).contains("not created by this migration").contains("shop/someone-else"));
    assertThat(strict.counts().requests("CreateDBClusterSnapshot")).isEqualTo(2);
    assertThat(api.findSnapshot(id)).isPresent();
  }

  @Test
  void restoreTargetStepMeetingSomeoneElsesClusterNotYetListedWaitsThenRefusesIt() {
    start(Settings.instant().withConsistencyDelay(Duration.ofSeconds(2)));
    api.createSnapshot("orders-v1", context().names().sourceSnapshot(), Map.of());
    api.createCluster(new NewCluster("orders-v2", "aurora-postgresql", "13.12", new Capacity(0.5, 8.0, null),
        "app_admin", SecretValue.of("password123"), false, null, null, null, null, List.of(), false, null, 1, null,
        null, false, null, List.of(), false, Map.of()));
    RestoreTargetStep step = new RestoreTargetStep();

    StepResult first = step.run(context());
    awaitUntil(() -> step.run(context()) instanceof StepResult.Failed);

    assertThat(first).isInstanceOfSatisfying(StepResult.Waiting.class,
        w -> assertThat(w.message()).contains("exists and is not listed yet"));
    assertThat(api.findCluster("orders-v2")).hasValueSatisfying(c -> assertThat(c.tags()).isEmpty());
    assertThat(migration.getStatus().getTarget()).isNull();
  }

  @Test
  void upgradeOfATargetOffTheRecordedPathPlansTheNextHopFromItsActualVersion() {
    start(Settings.instant());
    // Preflight planned 13.9 → 14.6 → 15.4 from the source; the restored target reports 13.12, from which
    // RDS offers 14.9 and 15.4 but not 14.6 (a downgrade of the minor line).
    migration.getStatus().getSource().setEngineVersion("13.9");
    migration.getStatus().setUpgradePath(List.of("14.6", "15.4"));
    migration.getStatus().setTargetEngineVersion("15.4");
    api.createCluster(new NewCluster("orders-v2", "aurora-postgresql", "13.12", new Capacity(0.5, 8.0, null),
        "app_admin", SecretValue.of("password123"), false, null, null, null, null, List.of(), false, null, 1, null,
        null, false, null, List.of(), false, Map.of()));
    awaitUntil(() -> {
      api.refresh("orders-v2");
      return api.findCluster("orders-v2").map(c -> c.isAvailable()).orElse(false);
    });

    StepResult result = new UpgradeStep().run(context());

    assertThat(result).isInstanceOfSatisfying(StepResult.Waiting.class,
        w -> assertThat(w.message()).contains("13.12 → 15.4"));
    api.refresh("orders-v2");
    assertThat(api.findCluster("orders-v2")).hasValueSatisfying(c -> assertThat(c.engineVersion()).isEqualTo("15.4"));
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
    return contextWith(api);
  }

  private MigrationContext contextWith(ClusterApi clusters) {
    return new MigrationContext(migration, MotoServer.REGION, clusters, null, null, null, null, null, null, TIMINGS,
        Clock.systemUTC());
  }

  /** The api, except that its first findSnapshot misses, as a describe that lags a create does. */
  private static ClusterApi firstSnapshotFindMisses(ClusterApi api) {
    AtomicBoolean missed = new AtomicBoolean();
    return (ClusterApi) Proxy.newProxyInstance(ClusterApi.class.getClassLoader(), new Class<?>[] {ClusterApi.class},
        (proxy, method, args) -> {
          if (method.getName().equals("findSnapshot") && missed.compareAndSet(false, true)) {
            return Optional.empty();
          }
          try {
            return method.invoke(api, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  private static AuroraMigration migration() {
    AuroraMigration m = MigrationResources.migrationOf("orders-v1", "orders-v2");
    TargetSpec target = m.getSpec().getTarget();
    ScalingSpec scaling = new ScalingSpec();
    scaling.setMinCapacity(0.5);
    scaling.setMaxCapacity(8.0);
    target.setScaling(scaling);
    AuroraMigrationStatus status = new AuroraMigrationStatus();
    SourceStatus source = new SourceStatus(); // as Preflight records it
    source.setEngineVersion("13.12");
    status.setSource(source);
    // As SourceReadOnly and the write fence leave it: these tests are about the AWS side of the snapshot.
    WriteFenceStatus fence = new WriteFenceStatus();
    fence.setBaselineAt("2026-12-01T10:00:00Z");
    status.setWriteFence(fence);
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
