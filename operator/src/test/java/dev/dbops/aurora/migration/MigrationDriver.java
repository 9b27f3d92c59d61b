package dev.dbops.aurora.migration;

import dev.dbops.aurora.model.SecretKeyRef;
import dev.dbops.aurora.aws.SecretValue;
import dev.dbops.aurora.model.ScalingSpec;
import dev.dbops.aurora.model.migration.AuroraMigration;
import dev.dbops.aurora.model.migration.AuroraMigrationSpec;
import dev.dbops.aurora.model.migration.CutoverSpec;
import dev.dbops.aurora.model.migration.CutoverMode;
import dev.dbops.aurora.model.migration.MigrationPhase;
import dev.dbops.aurora.model.migration.SourceSpec;
import dev.dbops.aurora.model.migration.TargetSpec;
import dev.dbops.aurora.status.Conditions;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Runs the workflow the way the operator does — one advance per reconcile, status persisted after each —
 * but against in-memory AWS and databases, with a clock the test controls. "Persisted" is a JSON copy, so
 * a simulated crash simply throws the working copy away.
 */
final class MigrationDriver {
  static final List<String> PATH = List.of("14.12", "15.8");

  final InMemoryClusterApi rds = new InMemoryClusterApi(2);
  final FakeDatabases databases = new FakeDatabases();
  final RecordingAppRouting routing = new RecordingAppRouting();
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));
  final MigrationTimings timings =
      new MigrationTimings(Duration.ofSeconds(20), Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(30));
  SqlTasks sqlTasks = new SqlTasks(1);
  AuroraMigration persisted;
  int reconciles;

  MigrationDriver() {
    rds.addSource("source-orders", "13.12", "serverless");
    databases.source.rows.put("public.orders", 1000L);
    databases.target.rows.put("public.orders", 1000L);
    persisted = migration();
  }

  static AuroraMigration migration() {
    AuroraMigration m = new AuroraMigration();
    m.getMetadata().setName("orders");
    m.getMetadata().setNamespace("shop");
    m.getMetadata().setUid("6f1c2d3e-0000-4000-8000-000000000001");
    m.getMetadata().setGeneration(1L);
    AuroraMigrationSpec spec = new AuroraMigrationSpec();
    SourceSpec source = new SourceSpec();
    source.setClusterIdentifier("source-orders");
    source.setUsername("postgres");
    SecretKeyRef ref = new SecretKeyRef();
    ref.setName("orders-db");
    ref.setKey("password");
    source.setPasswordSecretRef(ref);
    spec.setSource(source);
    TargetSpec target = new TargetSpec();
    target.setClusterIdentifier("orders-v2");
    ScalingSpec scaling = new ScalingSpec();
    scaling.setMinCapacity(0.5);
    scaling.setMaxCapacity(8.0);
    target.setScaling(scaling);
    spec.setTarget(target);
    CutoverSpec cutover = new CutoverSpec();
    cutover.setMode(CutoverMode.Automatic);
    cutover.setConnectionSecretName("orders-db-connection");
    cutover.setServiceName("orders-db");
    spec.setCutover(cutover);
    m.setSpec(spec);
    return m;
  }

  /** One reconcile; returns the reschedule delay, and moves the clock by it. */
  Optional<Duration> reconcile() {
    AuroraMigration working = Serialization.clone(persisted);
    Optional<Duration> next = workflow().advance(context(working));
    persisted = working;
    reconciles++;
    next.ifPresent(clock::advance);
    return next;
  }

  /** A reconcile whose process dies before its status patch lands: the work may be done, the record is lost. */
  void reconcileAndCrash() {
    AuroraMigration working = Serialization.clone(persisted);
    workflow().advance(context(working));
    sqlTasks.close();
    sqlTasks = new SqlTasks(1);
  }

  /** Reconciles until the workflow stops asking to be rescheduled, or waits at cutover approval. */
  void runUntilSettled(boolean crashBeforeEveryPatch) {
    for (int i = 0; i < 500; i++) {
      if (crashBeforeEveryPatch) {
        reconcileAndCrash();
      }
      Optional<Duration> next = reconcile();
      if (next.isEmpty() || (phase() == MigrationPhase.AwaitingCutover && !persisted.getSpec().getCutover().isApproved())) {
        return;
      }
      waitForSqlTasks();
    }
    throw new AssertionError("migration did not settle; status: " + Serialization.asYaml(persisted.getStatus()));
  }

  MigrationPhase phase() {
    return persisted.getStatus().getPhase();
  }

  MigrationWorkflow workflow() {
    UpgradePlanner planner = (clusters, from, to) -> PATH;
    return new MigrationWorkflow(MigrationWorkflow.standardSteps(planner), new MigrationStatusWriter(new Conditions(clock)));
  }

  private MigrationContext context(AuroraMigration m) {
    return new MigrationContext(m, "us-east-1", rds, routing, routing, databases, databases,
        (ns, ref) -> SecretValue.of("s3cret-password"), sqlTasks, timings, clock);
  }

  /** Background SQL tasks finish in real time; give them a moment so the next reconcile can collect them. */
  private void waitForSqlTasks() {
    try {
      Thread.sleep(5);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
