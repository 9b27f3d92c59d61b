package dev.dbops.aurora.migration;

import dev.dbops.aurora.aws.SecretValue;
import dev.dbops.aurora.model.ScalingSpec;
import dev.dbops.aurora.model.SecretKeyRef;
import dev.dbops.aurora.model.migration.AuroraMigration;
import dev.dbops.aurora.model.migration.CutoverMode;
import dev.dbops.aurora.model.migration.CutoverSpec;
import dev.dbops.aurora.model.migration.MigrationPhase;
import dev.dbops.aurora.model.migration.SourceSpec;
import dev.dbops.aurora.model.migration.StepStatus;
import dev.dbops.aurora.model.migration.TargetSpec;
import dev.dbops.aurora.testing.InMemoryMonitoringApi;
import dev.dbops.aurora.testing.MigrationResources;
import dev.dbops.aurora.testing.inmemoryrds.InMemoryRds;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The workflow on in-memory AWS and databases: fast, and every call is countable. */
final class MigrationDriver {
  static final List<String> PATH = List.of("14.12", "15.8");

  final InMemoryRds rds = new InMemoryRds(3);
  final FakeDatabases databases = new FakeDatabases();
  final RecordingAppRouting routing = new RecordingAppRouting();
  final InMemoryMonitoringApi monitoring = new InMemoryMonitoringApi();
  /** Where cutover points the apps; a test on the mock API server sets KubernetesAppRouting. */
  AppRouting appRouting = routing;
  /** The apps' workloads; a test on the mock API server sets KubernetesAppWorkloads. */
  AppWorkloads workloads = AppWorkloads.unavailable();
  final MigrationTimings timings =
      new MigrationTimings(Duration.ofSeconds(20), Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(30));
  final WorkflowRunner runner;
  /** The statement check's SQL; null as where the operator has no SQL access (the step skips). */
  dev.dbops.aurora.postgres.StatementChecks statementChecks;
  /** The statement reports published (and statement files supplied), by ConfigMap name. */
  final java.util.Map<String, java.util.Map<String, String>> statementReports;
  /** The BlueGreen strategy's SQL on these fake servers. */
  final FakeBlueGreenSql blueGreenSql = new FakeBlueGreenSql();
  /** The upgrade path the planner answers (the last version is the final target). */
  List<String> path = PATH;

  MigrationDriver() {
    InMemoryStatementReports reports = new InMemoryStatementReports();
    statementReports = reports.configMaps;
    rds.addSource("source-orders", "13.12", "serverless");
    databases.source.rows.put("public.orders", 1000L);
    databases.target.rows.put("public.orders", 1000L);
    runner = new WorkflowRunner(migration(), (clusters, from, to) -> path, (m, tasks) -> new MigrationContext(
        m, "us-east-1", rds, routing, appRouting, databases, databases,
        (ns, ref) -> SecretValue.of("s3cret-password"), tasks, timings, runner().clock, monitoring, statementChecks,
        reports, workloads).withBlueGreenSql(blueGreenSql.sql(databases)));
  }

  private WorkflowRunner runner() {
    return runner;
  }

  /** The migration every test starts from: a v1 source, Automatic cutover of a Secret and a Service. */
  static AuroraMigration migration() {
    AuroraMigration m = MigrationResources.migrationOf("source-orders", "orders-v2");
    SourceSpec source = m.getSpec().getSource();
    source.setUsername("postgres");
    SecretKeyRef ref = new SecretKeyRef();
    ref.setName("orders-db");
    ref.setKey("password");
    source.setPasswordSecretRef(ref);
    TargetSpec target = m.getSpec().getTarget();
    ScalingSpec scaling = new ScalingSpec();
    scaling.setMinCapacity(0.5);
    scaling.setMaxCapacity(8.0);
    target.setScaling(scaling);
    CutoverSpec cutover = new CutoverSpec();
    cutover.setMode(CutoverMode.Automatic);
    cutover.setConnectionSecretName("orders-db-connection");
    cutover.setServiceName("orders-db");
    m.getSpec().setCutover(cutover);
    return m;
  }

  AuroraMigration persisted() {
    return runner.persisted;
  }

  Optional<Duration> reconcile() {
    return runner.reconcile();
  }

  void runUntilSettled(boolean crashBeforeEveryPatch) {
    runner.runUntilSettled(crashBeforeEveryPatch ? WorkflowRunner.Crashes.BEFORE_EVERY_PATCH : WorkflowRunner.Crashes.NONE);
  }

  /** Reconciles until the named step has succeeded, e.g. to write to the source right after the snapshot. */
  void runUntilStepSucceeded(String step) {
    runner.runUntil(m -> m.getStatus() != null && m.getStatus().getSteps().stream()
        .anyMatch(s -> s.getName().equals(step) && s.getState() == dev.dbops.aurora.model.migration.StepState.Succeeded));
  }

  MigrationPhase phase() {
    return runner.phase();
  }

  StepStatus step(String name) {
    return persisted().getStatus().getSteps().stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
  }

  Condition condition(String type) {
    return persisted().getStatus().getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
  }
}
