package dev.dbops.aurora.migration;

import static dev.dbops.aurora.migration.LocalAuroraMigration.DATABASE;
import static dev.dbops.aurora.migration.LocalAuroraMigration.MASTER;
import static dev.dbops.aurora.migration.LocalAuroraMigration.MASTER_PASSWORD;
import static dev.dbops.aurora.migration.LocalAuroraMigration.SOURCE;
import static dev.dbops.aurora.migration.LocalAuroraMigration.TARGET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.aws.AwsSettings;
import dev.dbops.aurora.aws.sdk.ApiCallCounter;
import dev.dbops.aurora.aws.sdk.SdkAwsRegions;
import dev.dbops.aurora.metrics.AwsCallMetrics;
import dev.dbops.aurora.model.migration.MigrationPhase;
import dev.dbops.aurora.model.migration.StepState;
import dev.dbops.aurora.model.migration.StepStatus;
import dev.dbops.aurora.testing.MotoServer;
import dev.dbops.aurora.testing.PrometheusText;
import dev.dbops.aurora.testing.SampleSchema;
import dev.dbops.aurora.testing.aurora.LocalAurora;
import dev.dbops.aurora.testing.strictrds.FaultCounts;
import dev.dbops.aurora.testing.strictrds.Settings;
import dev.dbops.aurora.testing.strictrds.StrictRds;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.RdsException;

/**
 * The whole migration through both stages: SDK → {@link StrictRds} (RDS's timing, refusals, lagging
 * describes, injected faults) → {@link LocalAurora} (real PostgreSQL, pg_basebackup, pg_upgrade) → moto.
 * StrictRds's transitions sit on top of the data plane's: its {@code upgrading} (3 s) ends, then the
 * data plane's {@code upgrading} shows until pg_upgrade is done. Durations are {@link
 * Settings#realisticScaledDown()}'s halved (create 1 s, upgrade 1.5 s, snapshot 0.5 s), so a run takes
 * seconds, not RDS's half hour.
 */
@ExtendWith(MotoServer.class)
class MigrationOnStrictRdsTest {
  /** {@link Settings#realisticScaledDown()} at half its durations, to keep the class cheap in CI. */
  private static final Settings REALISTIC = Settings.realisticScaledDown()
      .withDurations(Settings.Durations.scaledDown().times(0.5));
  /** RDS's timed states and refusals, but new resources listed at once (see the disabled test). */
  private static final Settings WITHOUT_DESCRIBE_LAG = REALISTIC.withConsistencyDelay(Duration.ZERO);
  private static final List<String> TRANSIENT = List.of("Throttling", "InternalFailure", "ServiceUnavailable");

  private LocalAurora aurora;
  private StrictRds strict;
  private SdkAwsRegions regions;
  private RdsClient rds;
  private WorkflowRunner runner;
  private final ApiCallCounter operatorCalls = new ApiCallCounter();
  private final FailedCalls failedCalls = new FailedCalls();
  private final RecordingAppRouting routing = new RecordingAppRouting();
  /** The operator's own AWS call metrics, as /metrics would show them. */
  private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  @AfterEach
  void close() {
    if (runner != null) {
      runner.close();
    }
    if (rds != null) {
      rds.close();
      regions.close();
    }
    if (strict != null) {
      strict.close();
    }
    if (aurora != null) {
      aurora.close();
    }
  }

  /**
   * With StrictRds's 0.5 s describe lag: RestoreDBClusterFromSnapshot succeeds, the next reconcile 50 ms later
   * does not see the target yet. This run found RestoreTarget restoring again and rolling the migration back
   * on DBClusterAlreadyExistsFault; a restore recorded in status is now waited for, not repeated. The runs
   * below keep the timed states, refusals, faults and crashes but switch the lag off.
   */
  @Test
  void migratesExactlyOnceThroughStrictRdsAndTheLocalAurora() throws SQLException {
    start(REALISTIC);
    runner = runner();

    Instant began = Instant.now();
    runner.runUntilSettled(WorkflowRunner.Crashes.NONE);
    report("describe lag 0.5 s, no faults, no crashes", began);

    assertCompletedExactlyOnce();
    assertThat(routing.calls).filteredOn(c -> c.startsWith("secret ")).as("cutovers").hasSize(1);
  }

  @Test
  void migratesExactlyOnceThroughStrictRdsAndTheLocalAuroraWhenDescribesDoNotLag() throws SQLException {
    start(WITHOUT_DESCRIBE_LAG);
    runner = runner();

    Instant began = Instant.now();
    runner.runUntilSettled(WorkflowRunner.Crashes.NONE);
    report("no faults, no crashes", began);

    assertCompletedExactlyOnce();
    assertThat(routing.calls).filteredOn(c -> c.startsWith("secret ")).as("cutovers").hasSize(1);
  }

  @Test
  void completesExactlyOnceWhenTheOperatorDiesAtEveryStepBoundary() throws SQLException {
    start(WITHOUT_DESCRIBE_LAG);
    runner = runner();

    Instant began = Instant.now();
    runner.runUntilSettled(WorkflowRunner.Crashes.AT_EVERY_STEP_BOUNDARY_AND_WAIT);
    report("crash at every step boundary", began);

    assertThat(runner.crashes).as("crashes, two per step at most").isGreaterThan(20);
    assertCompletedExactlyOnce();
  }

  @Test
  void completesExactlyOnceWhenOneRdsRequestInFiveIsThrottledOrFails() throws SQLException {
    start(WITHOUT_DESCRIBE_LAG.withFaults(0.2, 7));
    runner = runner();

    Instant began = Instant.now();
    runner.runUntilSettled(WorkflowRunner.Crashes.NONE);
    FaultCounts counts = report("20% throttling/5xx, seed 7", began);
    // Read together, before the assertions below send describes of their own through the same faulty proxy.
    Map<String, String> shown = attemptFailuresByApi();

    assertCompletedExactlyOnce();
    assertThat(routing.calls).filteredOn(c -> c.startsWith("secret ")).as("cutovers").hasSize(1);
    assertThat(counts.injected()).as("faults injected").isGreaterThan(10);
    assertThat(runner.persisted.getStatus().getSteps())
        .as("no step failed on a transient fault")
        .allSatisfy(s -> assertThat(s.getState()).isEqualTo(StepState.Succeeded))
        .allSatisfy(s -> assertThat(String.valueOf(s.getMessage())).doesNotContain(TRANSIENT.toArray(String[]::new)));

    // What an operator's dashboard shows of this run: every injected fault, by API, though the SDK retried
    // almost all of them away (aurora_aws_calls_total counts calls after retries and shows few or none).
    System.out.printf("MigrationOnStrictRdsTest [20%% faults]: aurora_aws_call_attempt_failures_total by API: %s%n", shown);
    assertThat(shown).as("throttled/5xx attempts by API in the registry, as StrictRds injected (or relayed) them")
        .isEqualTo(injectedByApi(counts));
  }

  /**
   * The BlueGreen strategy through the same two stages (StrictRds's timed Blue/Green states and refusals, the data
   * plane's real logical replication), the operator dying once as each step first acts and once in its first wait.
   */
  @Test
  void blueGreenMakesOneDeploymentAndOneSwitchoverWhenTheOperatorDiesAtEveryStepBoundary() throws SQLException {
    start(WITHOUT_DESCRIBE_LAG);
    var migration = LocalAuroraMigration.migration();
    migration.getSpec().setStrategy(dev.dbops.aurora.model.migration.MigrationStrategy.BlueGreen);
    var options = new dev.dbops.aurora.model.migration.BlueGreenSpec();
    options.setReplicaIdentityFull(List.of(DATABASE + ".shop.audit_log"));
    migration.getSpec().setBlueGreen(options);
    runner = LocalAuroraMigration.runnerOn(regions.clusters(MotoServer.REGION), migration, routing);

    Instant began = Instant.now();
    runner.runUntilSettled(WorkflowRunner.Crashes.AT_EVERY_STEP_BOUNDARY_AND_WAIT);
    report("BlueGreen, crash at every step boundary", began);

    var status = runner.persisted.getStatus();
    assertThat(runner.phase()).as(status.getMessage()).isEqualTo(MigrationPhase.Completed);
    assertThat(runner.crashes).as("crashes, two per step at most").isGreaterThan(20);
    assertThat(aurora.log()).as("deployments built").filteredOn(l -> l.contains(" in sync with blue ")).hasSize(1);
    assertThat(aurora.log()).as("switchovers").filteredOn(l -> l.contains("switchover done")).hasSize(1);
    assertThat(aurora.log()).as("conversion failovers")
        .filteredOn(l -> l.contains("restarted cluster " + SOURCE + " (immediate shutdown)")).hasSize(1);
    assertThat(aurora.log()).as("reboots into rds.logical_replication")
        .filteredOn(l -> l.contains("rebooted cluster " + SOURCE + " with rds.logical_replication = 1")).hasSize(1);
    var clusters = rds.describeDBClusters().dbClusters();
    assertThat(clusters).extracting(c -> c.dbClusterIdentifier()).containsExactlyInAnyOrder(SOURCE, SOURCE + "-old1");
    assertThat(clusters).filteredOn(c -> c.dbClusterIdentifier().equals(SOURCE)).singleElement()
        .satisfies(c -> assertThat(c.engineVersion()).startsWith("15."));
    assertThat(rds.describeBlueGreenDeployments(b -> { }).blueGreenDeployments()).as("deployments left").isEmpty();
    assertThat(routing.calls).as("nothing repointed: the endpoints moved with the switchover").isEmpty();
  }

  private void start(Settings settings) throws SQLException {
    aurora = LocalAurora.start(MotoServer.endpoint());
    strict = StrictRds.inFrontOf(aurora.endpoint(), settings);
    regions = new SdkAwsRegions(new AwsSettings(MotoServer.REGION, Optional.of(strict.endpoint()), Duration.ZERO, 3),
        MotoServer.credentials(), 100, List.of(operatorCalls, failedCalls, new AwsCallMetrics(metrics)));
    rds = regions.configure(RdsClient.builder(), MotoServer.REGION, new ApiCallCounter()).build();
    rds.createDBCluster(b -> b.dbClusterIdentifier(SOURCE).engine("aurora-postgresql").engineVersion("13.12")
        .engineMode("serverless").masterUsername(MASTER).masterUserPassword(MASTER_PASSWORD)
        .scalingConfiguration(s -> s.minCapacity(2).maxCapacity(8)));
    awaitAvailable(SOURCE);
    try (Connection c = aurora.connect(SOURCE, "postgres", MASTER, MASTER_PASSWORD); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + DATABASE);
    }
    try (Connection c = aurora.connect(SOURCE, DATABASE, MASTER, MASTER_PASSWORD)) {
      SampleSchema.load(c);
    }
    failedCalls.byCode.clear();
  }

  /** One snapshot, one target with one instance, one restore and one pg_upgrade on the data plane. */
  private void assertCompletedExactlyOnce() throws SQLException {
    var status = runner.persisted.getStatus();
    assertThat(runner.phase()).as(status.getMessage()).isEqualTo(MigrationPhase.Completed);
    assertThat(status.getSteps()).extracting(StepStatus::getState).containsOnly(StepState.Succeeded);
    assertThat(snapshots()).extracting(DBClusterSnapshot::dbClusterSnapshotIdentifier)
        .containsExactly(SOURCE + "-premigration-6f1c2d3e");
    var clusters = rds.describeDBClusters().dbClusters();
    assertThat(clusters).extracting(c -> c.dbClusterIdentifier()).containsExactlyInAnyOrder(SOURCE, TARGET);
    var target = clusters.stream().filter(c -> c.dbClusterIdentifier().equals(TARGET)).findFirst().orElseThrow();
    assertThat(target.engineVersion()).isEqualTo("15.10");
    assertThat(rds.describeDBInstances(b -> b.filters(f -> f.name("db-cluster-id").values(TARGET))).dbInstances())
        .filteredOn(i -> !i.dbInstanceStatus().equals("deleting"))
        .singleElement().satisfies(i -> assertThat(i.dbInstanceClass()).isEqualTo("db.serverless"));
    assertThat(routing.pointedAt).containsEntry("secret/orders-db-connection", target.endpoint());
    assertThat(aurora.log()).as("data-plane actions").filteredOn(l -> l.contains(" snapshot ") && l.contains(" took ")).hasSize(1);
    assertThat(aurora.log()).filteredOn(l -> l.contains("restored cluster ")).hasSize(1);
    assertThat(aurora.log()).filteredOn(l -> l.contains(" pg_upgrade ") && l.contains(" took ")).hasSize(1);
    try (Connection c = aurora.connect(TARGET, DATABASE, MASTER, MASTER_PASSWORD); Statement s = c.createStatement()) {
      var rs = s.executeQuery("SELECT current_setting('server_version_num')::int / 10000, count(*) FROM shop.orders");
      rs.next();
      assertThat(rs.getInt(1)).as("major version the target's server runs").isEqualTo(15);
      assertThat(rs.getInt(2)).isEqualTo(SampleSchema.ORDERS);
    }
  }

  /** {@code api → "Throttling=n ServerError=m"} from the registry's attempt-failure series (all RDS here). */
  private Map<String, String> attemptFailuresByApi() {
    PrometheusText text = PrometheusText.parse(metrics.scrape());
    Map<String, long[]> byApi = new TreeMap<>();
    for (PrometheusText.Sample s : text.find("aurora_aws_call_attempt_failures_total", Map.of("service", "Rds"))) {
      long[] n = byApi.computeIfAbsent(s.labels().get("api"), a -> new long[2]);
      switch (s.labels().get("reason")) {
        case "Throttling" -> n[0] += (long) s.value();
        case "ServerError" -> n[1] += (long) s.value();
        default -> { } // Refused and the rest: RDS rules and answers of the data plane, not injected faults
      }
    }
    return tally(byApi);
  }

  /**
   * The same shape from StrictRds's tally: what it injected (Throttling; InternalFailure and ServiceUnavailable
   * are 5xx), plus the 5xx answers it relayed from downstream (moto answers DescribeDBEngineVersions, which it
   * does not implement, with a 500).
   */
  private static Map<String, String> injectedByApi(FaultCounts counts) {
    Map<String, long[]> byApi = new TreeMap<>();
    counts.faultsByActionAndCode().forEach((key, n) -> {
      String[] actionAndCode = key.split("/");
      long[] t = byApi.computeIfAbsent(actionAndCode[0], a -> new long[2]);
      t[actionAndCode[1].equals("Throttling") ? 0 : 1] += n;
    });
    counts.serverErrorsRelayedByAction().forEach((action, n) -> byApi.computeIfAbsent(action, a -> new long[2])[1] += n);
    return tally(byApi);
  }

  private static Map<String, String> tally(Map<String, long[]> byApi) {
    Map<String, String> shown = new TreeMap<>();
    byApi.forEach((api, n) -> {
      if (n[0] + n[1] > 0) {
        shown.put(api, "Throttling=" + n[0] + " ServerError=" + n[1]);
      }
    });
    return shown;
  }

  /** Prints what the run cost: time, the operator's RDS calls and attempts, and what StrictRds injected. */
  private FaultCounts report(String run, Instant began) {
    FaultCounts counts = strict.counts();
    long calls = operatorCalls.counts().values().stream().mapToLong(Long::longValue).sum();
    long attempts = operatorCalls.counts().keySet().stream().mapToLong(operatorCalls::attempts).sum();
    System.out.printf("MigrationOnStrictRdsTest [%s]: %s in %d ms, %d reconciles, %d crashes; operator: %d AWS calls,"
            + " %d attempts (%d retried); StrictRds: %s; calls failed after the SDK's retries: %s%n",
        run, runner.phase(), Duration.between(began, Instant.now()).toMillis(), runner.reconciles, runner.crashes,
        calls, attempts, attempts - calls, counts, failedCalls.byCode);
    return counts;
  }

  private WorkflowRunner runner() {
    return LocalAuroraMigration.runnerOn(regions.clusters(MotoServer.REGION), LocalAuroraMigration.migration(), routing);
  }

  private void awaitAvailable(String cluster) {
    Instant giveUp = Instant.now().plusSeconds(30);
    while (Instant.now().isBefore(giveUp)) {
      try {
        if (rds.describeDBClusters(b -> b.dbClusterIdentifier(cluster)).dbClusters().get(0).status().equals("available")) {
          return;
        }
      } catch (RdsException notYetListed) {
        // StrictRds hides a new cluster for its consistency delay
      }
      sleep(100);
    }
    throw new AssertionError(cluster + " did not become available");
  }

  private List<DBClusterSnapshot> snapshots() {
    return rds.describeDBClusterSnapshots(b -> b.snapshotType("manual")).dbClusterSnapshots();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Calls that failed after all the SDK's attempts, by operation and error code. */
  static final class FailedCalls implements ExecutionInterceptor {
    final Map<String, LongAdder> byCode = new ConcurrentHashMap<>();

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
      String code = context.exception() instanceof RdsException e && e.awsErrorDetails() != null
          ? e.awsErrorDetails().errorCode() : context.exception().getClass().getSimpleName();
      byCode.computeIfAbsent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME) + "/" + code,
          k -> new LongAdder()).increment();
    }
  }
}
