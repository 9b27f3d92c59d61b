package dev.dbops.aurora.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.aws.SecretValue;
import dev.dbops.aurora.migration.steps.StatementCheckStep;
import dev.dbops.aurora.model.ConnectionOverrideSpec;
import dev.dbops.aurora.model.migration.AuroraMigration;
import dev.dbops.aurora.model.migration.AuroraMigrationStatus;
import dev.dbops.aurora.model.migration.PlanRegression;
import dev.dbops.aurora.model.migration.SourceStatus;
import dev.dbops.aurora.model.migration.StatementCheckSpec;
import dev.dbops.aurora.model.migration.StatementCheckStatus;
import dev.dbops.aurora.model.migration.StatementFailure;
import dev.dbops.aurora.model.migration.StatementFilesRef;
import dev.dbops.aurora.model.migration.TargetStatus;
import dev.dbops.aurora.model.migration.VerificationSpec;
import dev.dbops.aurora.postgres.DatabaseWriteCounters;
import dev.dbops.aurora.postgres.JdbcPostgresServer;
import dev.dbops.aurora.postgres.PostgresEndpoint;
import dev.dbops.aurora.postgres.PostgresServers;
import dev.dbops.aurora.postgres.StatementChecks;
import dev.dbops.aurora.testing.ManualClock;
import dev.dbops.aurora.testing.inmemoryrds.InMemoryRds;
import dev.dbops.aurora.testing.postgres.LocalPostgresCluster;
import dev.dbops.aurora.testing.postgres.PostgresInstallation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The StatementCheck step on real PostgreSQL 13 (source, pg_stat_statements preloaded) and 15 (target):
 * an application workload with statements 14/15 removed next to healthy ones, a plan the target makes
 * worse (an index it lacks), statements whose parameter types PREPARE cannot infer, and the operator's
 * own statements, which must be left out.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatementCheckOnPostgresTest {
  private static final String PASSWORD = "secret";
  /**
   * Broken on 15 (each runs on 13): postfix factorial, prefix !! on bigint and point @ box (all three
   * removed in 14), pg_start_backup and pg_stop_backup (renamed in 15).
   */
  private static final List<String> BROKEN = List.of("SELECT ? !", "SELECT !! ?::bigint", "SELECT ?::point @ ?::box",
      "SELECT pg_start_backup(?, ?, ?)", "SELECT pg_stop_backup(?, ?)");

  private final PostgresInstallation pg = PostgresInstallation.local();
  private final Path root = tempDir();
  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-02T10:00:00Z"));
  private final SqlTasks tasks = new SqlTasks(1);
  private final InMemoryStatementReports configMaps = new InMemoryStatementReports();
  private LocalPostgresCluster source;
  private LocalPostgresCluster target;
  private int sourcePort;
  private int targetPort;
  /** queryid of each workload statement, keyed by a fragment of its normalized text. */
  private Map<String, String> queryIds;

  @BeforeAll
  void startServersAndRunTheWorkload() throws SQLException {
    source = LocalPostgresCluster.initialise(pg, 13, root.resolve("source"), "postgres", PASSWORD);
    preload(source);
    sourcePort = LocalPostgresCluster.freePort();
    source.start(sourcePort);
    target = LocalPostgresCluster.initialise(pg, 15, root.resolve("target"), "postgres", PASSWORD);
    targetPort = LocalPostgresCluster.freePort();
    target.start(targetPort);
    for (int port : List.of(sourcePort, targetPort)) {
      try (Connection c = connect(port, "postgres", "postgres"); Statement s = c.createStatement()) {
        s.execute("CREATE ROLE shop_app LOGIN PASSWORD 'app'");
        s.execute("CREATE ROLE backup_agent LOGIN PASSWORD 'app'");
        s.execute("CREATE DATABASE shop OWNER shop_app");
        s.execute("CREATE DATABASE archive");
      }
      try (Connection c = connect(port, "shop", "shop_app"); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL, total numeric NOT NULL)");
        s.execute("INSERT INTO orders SELECT i, i % 5000, i FROM generate_series(1, 50000) i");
        if (port == sourcePort) {
          // The index the target lacks (dropped by mistake, say): a plan regression to find.
          s.execute("CREATE INDEX orders_customer ON orders (customer_id)");
        }
        s.execute("ANALYZE orders");
        // For result comparison: one rate the target has differently, and a function that writes.
        s.execute("CREATE TABLE currencies (code text PRIMARY KEY, rate numeric NOT NULL)");
        s.execute("INSERT INTO currencies VALUES ('EUR', 1.0), ('USD', " + (port == sourcePort ? "1.1" : "1.2") + ")");
        s.execute("CREATE TABLE audit_log (n int)");
        s.execute("CREATE FUNCTION bump() RETURNS int VOLATILE LANGUAGE sql AS 'INSERT INTO audit_log VALUES (1) RETURNING n'");
      }
    }
    try (Connection c = connect(sourcePort, "shop", "postgres"); Statement s = c.createStatement()) {
      s.execute("CREATE EXTENSION pg_stat_statements");
      s.execute("GRANT EXECUTE ON FUNCTION pg_start_backup(text, boolean, boolean) TO backup_agent");
      s.execute("GRANT EXECUTE ON FUNCTION pg_stop_backup(boolean, boolean) TO backup_agent");
      s.execute("SELECT pg_stat_statements_reset()");
    }
    runWorkload();
    try (Connection c = connect(sourcePort, "postgres", "postgres"); Statement s = c.createStatement()) {
      // The source as SourceReadOnly leaves it.
      s.execute("ALTER DATABASE shop SET default_transaction_read_only = on");
    }
    queryIds = queryIds();
  }

  private void runWorkload() throws SQLException {
    try (Connection app = connect(sourcePort, "shop", "shop_app")) {
      for (int i = 1; i <= 3; i++) {
        query(app, "SELECT total FROM orders WHERE id = ?", i);
        query(app, "SELECT count(*) FROM orders WHERE customer_id = ?", i);
        update(app, "UPDATE orders SET total = total + 0 WHERE id = ?", i);
        update(app, "INSERT INTO orders VALUES (?, 1, 1) ON CONFLICT (id) DO NOTHING", 100000 + i);
        query(app, "SELECT ? !", i);
        query(app, "SELECT !! ?::bigint", i);
        try (PreparedStatement ps = app.prepareStatement("SELECT ?::point @ ?::box")) {
          ps.setString(1, "(1,1)");
          ps.setString(2, "((0,0),(2,2))");
          ps.executeQuery().close();
        }
        // Fine for the app (the driver sends the type), but PREPARE alone cannot infer it: 42P18.
        query(app, "SELECT ? IS NULL", i);
        try (Statement s = app.createStatement()) {
          // No parameter: were it ever executed by the check, it would write a row whatever the arguments.
          s.execute("UPDATE orders SET total = total WHERE id = (SELECT min(id) FROM orders)");
          s.execute("SET work_mem = '8MB'");
        }
      }
    }
    try (Connection agent = connect(sourcePort, "shop", "backup_agent"); Statement s = agent.createStatement()) {
      try (PreparedStatement ps = agent.prepareStatement("SELECT pg_start_backup(?, ?, ?)")) {
        ps.setString(1, "nightly");
        ps.setBoolean(2, true);
        ps.setBoolean(3, false);
        ps.executeQuery().close();
      }
      s.execute("SELECT pg_stop_backup(false, false)");
    }
    try (Connection operator = connect(sourcePort, "shop", "postgres"); Statement s = operator.createStatement()) {
      // The operator's own role: broken on 15 as well, and not the application's, so never reported.
      s.execute("SELECT point '(1,1)' @ box '((0,0),(2,2))', 'operator'");
    }
  }

  @AfterAll
  void stop() {
    tasks.close();
    if (source != null) {
      source.stop();
    }
    if (target != null) {
      target.stop();
    }
  }

  @Test
  void brokenStatementsHoldTheMigrationWithTheirSqlStateAndNothingIsWritten() {
    List<DatabaseWriteCounters> sourceBefore = counters(sourcePort);
    List<DatabaseWriteCounters> targetBefore = counters(targetPort);
    AuroraMigration migration = migration(null);

    StepResult result = run(migration);

    // Nothing written on either side: PREPARE and EXPLAIN without ANALYZE execute nothing.
    assertThat(counters(sourcePort)).usingRecursiveComparison().isEqualTo(sourceBefore);
    assertThat(counters(targetPort)).usingRecursiveComparison().isEqualTo(targetBefore);
    assertThat(result).as(result.message()).isInstanceOf(StepResult.Held.class);
    assertThat(((StepResult.Held) result).reason()).isEqualTo("StatementsFailOnTarget");
    assertThat(result.message()).contains("5 statement(s)").contains("allowFailures");
    StatementCheckStatus status = migration.getStatus().getStatementCheck();
    Map<String, String> failed = status.getFailures().stream()
        .collect(Collectors.toMap(StatementFailure::getQueryId, StatementFailure::getSqlState));
    assertThat(failed).containsOnlyKeys(idsOf(BROKEN));
    assertThat(failed.get(queryIds.get("SELECT $1 !"))).isEqualTo("42601");
    assertThat(failed.get(queryIds.get("SELECT !! $1::bigint"))).isEqualTo("42883");
    assertThat(failed.get(queryIds.get("SELECT $1::point @ $2::box"))).isEqualTo("42883");
    assertThat(failed.get(queryIds.get("SELECT pg_start_backup($1, $2, $3)"))).isEqualTo("42883");
    assertThat(failed.get(queryIds.get("SELECT pg_stop_backup($1, $2)"))).isEqualTo("42883");
    assertThat(status.getFailures()).allSatisfy(f -> assertThat(f.isAllowed()).isFalse());
    assertThat(status.getFailed()).isEqualTo(5);
    assertThat(status.getNotCheckable()).isEqualTo(1);
    assertThat(status.getChecked()).isEqualTo(status.getCollected() - 1);
    assertThat(status.getWarnings()).singleElement().asString()
        .contains("archive").contains("CREATE EXTENSION pg_stat_statements");

    PlanRegression regression = status.getRegressions().stream()
        .filter(r -> r.getQueryId().equals(queryIds.get("customer_id = $1"))).findFirst().orElseThrow();
    assertThat(regression.getSourceNode()).startsWith("Aggregate > ").contains("Index");
    assertThat(regression.getTargetNode()).isEqualTo("Aggregate > Seq Scan");
    assertThat(regression.getTargetCost()).isGreaterThan(regression.getSourceCost() * 2);
    assertThat(status.getPlanRegressions()).isEqualTo(1);

  }

  @Test
  void failuresListedInAllowFailuresLetTheMigrationProceed() {
    AuroraMigration migration = migration(idsOf(BROKEN));

    StepResult result = run(migration);

    assertThat(result).as(result.message()).isInstanceOf(StepResult.Done.class);
    assertThat(result.message()).contains("5 failed (5 allowed)").contains("1 not checkable").contains("1 plan regression");
    assertThat(migration.getStatus().getStatementCheck().getAllowed()).isEqualTo(5);
    assertThat(migration.getStatus().getStatementCheck().getFailures()).allSatisfy(f -> assertThat(f.isAllowed()).isTrue());
  }

  @Test
  void onlyPartOfTheFailuresAllowedStillHolds() {
    AuroraMigration migration = migration(idsOf(BROKEN.subList(0, 4)));

    StepResult result = run(migration);

    assertThat(result).isInstanceOf(StepResult.Held.class);
    assertThat(result.message()).contains("1 statement(s)").contains(queryIds.get("SELECT pg_stop_backup($1, $2)"))
        .doesNotContain(queryIds.get("SELECT pg_start_backup($1, $2, $3)"));
  }

  @Test
  void theDryRunPlanNamesTheStepAndItsLimits() {
    AuroraMigration migration = migration(List.of("42"));
    migration.getSpec().getVerification().getStatements().setLimit(50);

    List<String> plan = new StatementCheckStep().plan(context(migration));

    assertThat(String.join("\n", plan)).contains("top 50 statements by total time").contains("top 50 by calls")
        .contains("PREPARE").contains("READ ONLY").contains("1 queryid(s) in allowFailures").contains("×2.0");
  }

  /**
   * The team's file of code paths that never ran on the source: a count the missing index makes worse, a
   * statement with semicolons in quotes, a postfix factorial 14 removed, and a parameterless UPDATE that
   * must not run.
   */
  private static final String REPORTS_SQL = """
      -- monthly report; never ran on the source
      SELECT count(*) FROM orders WHERE customer_id = 42;
      SELECT 'a;b' AS x, $$c;d$$ AS y;
      SELECT 5 !;   -- removed in 14
      UPDATE orders SET total = total + 1 WHERE id = 1;
      """;

  @Test
  void suppliedStatementsAreCheckedLikeCollectedOnesAndNamedByTheirOrigin() {
    configMaps.configMaps.put("orders-sql", Map.of("reports.sql", REPORTS_SQL, "README", "not SQL"));
    List<DatabaseWriteCounters> sourceBefore = counters(sourcePort);
    List<DatabaseWriteCounters> targetBefore = counters(targetPort);
    AuroraMigration migration = migration(idsOf(BROKEN));
    migration.getSpec().getVerification().getStatements().setConfigMapRefs(List.of(filesRef("orders-sql", "shop")));

    StepResult result = run(migration);

    assertThat(counters(sourcePort)).usingRecursiveComparison().isEqualTo(sourceBefore);
    assertThat(counters(targetPort)).usingRecursiveComparison().isEqualTo(targetBefore);
    assertThat(result).as(result.message()).isInstanceOf(StepResult.Held.class);
    assertThat(result.message()).contains("1 statement(s)").contains("orders-sql/reports.sql#3")
        .contains("<configmap>/<key>#<n>");
    StatementCheckStatus status = migration.getStatus().getStatementCheck();
    assertThat(status.getSupplied()).isEqualTo(4);
    StatementFailure failure = status.getFailures().stream().filter(f -> !f.isAllowed()).collect(onlyOne());
    assertThat(failure.getOrigin()).isEqualTo("orders-sql/reports.sql#3");
    assertThat(failure.getQueryId()).isNull();
    assertThat(failure.getSqlState()).isEqualTo("42601");
    assertThat(failure.getStatement()).isEqualTo("SELECT 5 !");
    assertThat(status.getRegressions()).extracting(PlanRegression::getOrigin).contains("orders-sql/reports.sql#1");
    assertThat(status.getPlanRegressions()).isEqualTo(2);
    assertThat(status.getChecked()).isEqualTo(status.getCollected() + status.getSupplied() - status.getNotCheckable());
    Map<String, String> report = configMaps.configMaps.get(migration.getStatus().getStatementCheck().getReport());
    assertThat(report.get("failed")).contains("orders-sql/reports.sql#3 in shop (supplied): SQLSTATE 42601, blocks cutover");
    assertThat(report.get("prepared")).contains("orders-sql/reports.sql#2 in shop (supplied)")
        .contains("SELECT 'a;b' AS x, $$c;d$$ AS y").contains("orders-sql/reports.sql#4");

    List<String> allowed = new java.util.ArrayList<>(idsOf(BROKEN));
    allowed.add("orders-sql/reports.sql#3");
    migration.getSpec().getVerification().getStatements().setAllowFailures(allowed);
    StepResult allowedResult = run(migration);
    assertThat(allowedResult).as(allowedResult.message()).isInstanceOf(StepResult.Done.class);
    assertThat(allowedResult.message()).contains("6 failed (6 allowed)");
  }

  @Test
  void aMissingConfigMapKeyOrDatabaseHoldsTheStepSayingWhich() {
    configMaps.configMaps.put("orders-sql", Map.of("reports.sql", "SELECT 1;"));
    configMaps.configMaps.put("notes", Map.of("README", "no SQL here"));
    AuroraMigration migration = migration(null);
    StatementCheckSpec spec = migration.getSpec().getVerification().getStatements();

    spec.setConfigMapRefs(List.of(filesRef("orders-sql", null), filesRef("billing-sql", null)));
    assertThat(run(migration)).isInstanceOfSatisfying(StepResult.Held.class, held -> {
      assertThat(held.reason()).isEqualTo("StatementFilesNotFound");
      assertThat(held.message()).contains("ConfigMap billing-sql").contains("does not exist");
    });

    StatementFilesRef withKey = filesRef("orders-sql", null);
    withKey.setKeys(List.of("reports.sql", "nightly.sql"));
    spec.setConfigMapRefs(List.of(withKey));
    assertThat(run(migration).message()).contains("ConfigMap orders-sql").contains("has no key nightly.sql")
        .contains("keys: reports.sql");

    spec.setConfigMapRefs(List.of(filesRef("notes", null)));
    assertThat(run(migration).message()).contains("ConfigMap notes").contains("no key ending in .sql");

    spec.setConfigMapRefs(List.of(filesRef("orders-sql", "billing")));
    assertThat(run(migration).message()).contains("database billing, which is not migrated");
    assertThat(migration.getStatus().getStatementCheck()).isNull();
  }

  private static StatementFilesRef filesRef(String name, String database) {
    StatementFilesRef ref = new StatementFilesRef();
    ref.setName(name);
    ref.setDatabase(database);
    return ref;
  }

  /**
   * Parameterless reads for compareResults: a table whose contents differ on the target, one that is the
   * same, a data-modifying WITH and a function that writes (both must be refused by the read-only
   * transaction), and one slower than the timeout.
   */
  private static final String CHECKS_SQL = """
      SELECT code, rate FROM currencies;
      SELECT id, customer_id FROM orders WHERE id <= 1000;
      WITH w AS (UPDATE currencies SET rate = rate * 2 RETURNING code) SELECT code FROM w;
      SELECT bump();
      SELECT pg_sleep(3);
      """;

  @Test
  void parameterlessReadsAreComparedAndWritesInThemAreRefused() {
    configMaps.configMaps.put("checks-sql", Map.of("checks.sql", CHECKS_SQL));
    List<DatabaseWriteCounters> sourceBefore = counters(sourcePort);
    List<DatabaseWriteCounters> targetBefore = counters(targetPort);
    AuroraMigration migration = migration(idsOf(BROKEN));
    StatementCheckSpec spec = migration.getSpec().getVerification().getStatements();
    spec.setConfigMapRefs(List.of(filesRef("checks-sql", "shop")));
    spec.setCompareResults(true);
    spec.setResultTimeoutSeconds(1);

    StepResult result = run(migration);

    assertThat(counters(sourcePort)).usingRecursiveComparison().isEqualTo(sourceBefore);
    assertThat(counters(targetPort)).usingRecursiveComparison().isEqualTo(targetBefore);
    assertThat(result).as(result.message()).isInstanceOf(StepResult.Done.class);
    assertThat(result.message()).contains("1 result mismatch(es)");
    StatementCheckStatus status = migration.getStatus().getStatementCheck();
    assertThat(status.getResultsCompared()).isEqualTo(2);
    assertThat(status.getResultMismatches()).isEqualTo(1);
    assertThat(status.getResultsNotCompared()).isEqualTo(3);
    Map<String, String> report = configMaps.configMaps.get(status.getReport());
    assertThat(report.get("resultMismatches")).contains("checks-sql/checks.sql#1 in shop")
        .contains("source 2 row(s), checksum").contains("target 2 row(s), checksum")
        .doesNotContain("checks.sql#2");
    String notCompared = report.get("resultsNotCompared");
    assertThat(notCompared.split("\n\n")).hasSize(3);
    assertThat(notCompared).contains("checks-sql/checks.sql#3 in shop (supplied): not compared: on the source SQLSTATE 25006")
        .contains("checks-sql/checks.sql#4 in shop (supplied): not compared: on the source SQLSTATE 25006")
        .contains("checks-sql/checks.sql#5 in shop (supplied): not compared: on the source SQLSTATE 57014");

    List<String> plan = new StatementCheckStep().plan(context(migration));
    assertThat(String.join("\n", plan)).contains("statement_timeout 1s").contains("ConfigMap(s) checks-sql (database shop)");
  }

  @Test
  void resultsAreNotComparedUnlessAskedFor() {
    configMaps.configMaps.put("checks-sql", Map.of("checks.sql", CHECKS_SQL));
    AuroraMigration migration = migration(idsOf(BROKEN));
    migration.getSpec().getVerification().getStatements().setConfigMapRefs(List.of(filesRef("checks-sql", "shop")));

    StepResult result = run(migration);

    assertThat(result).as(result.message()).isInstanceOf(StepResult.Done.class);
    StatementCheckStatus status = migration.getStatus().getStatementCheck();
    assertThat(status.getResultsCompared()).isNull();
    assertThat(configMaps.configMaps.get(status.getReport())).doesNotContainKey("resultMismatches");
    assertThat(String.join("\n", new StatementCheckStep().plan(context(migration)))).contains("results are not compared");
  }

  private static <T> java.util.stream.Collector<T, ?, T> onlyOne() {
    return Collectors.collectingAndThen(Collectors.toList(), l -> {
      assertThat(l).hasSize(1);
      return l.get(0);
    });
  }

  private StepResult run(AuroraMigration migration) {
    MigrationContext ctx = context(migration);
    for (int i = 0; i < 600; i++) {
      StepResult result = new StatementCheckStep().run(ctx);
      if (!(result instanceof StepResult.Waiting)) {
        return result;
      }
      sleep();
    }
    throw new AssertionError("StatementCheck did not finish");
  }

  private List<String> idsOf(List<String> workload) {
    return workload.stream().map(StatementCheckOnPostgresTest::normalized).map(queryIds::get).toList();
  }

  /** The workload's text as pg_stat_statements normalizes it: ? becomes $1, $2 … */
  private static String normalized(String jdbc) {
    StringBuilder out = new StringBuilder();
    int n = 0;
    for (char ch : jdbc.toCharArray()) {
      out.append(ch == '?' ? "$" + ++n : String.valueOf(ch));
    }
    return out.toString();
  }

  /** Every statement the app roles ran, by normalized text, and a fragment key for the plan regression. */
  private Map<String, String> queryIds() throws SQLException {
    Map<String, String> ids = new java.util.HashMap<>();
    try (Connection c = connect(sourcePort, "shop", "postgres"); Statement s = c.createStatement();
        var rs = s.executeQuery("SELECT DISTINCT query, queryid::text FROM pg_stat_statements p JOIN pg_roles r "
            + "ON r.oid = p.userid WHERE r.rolname IN ('shop_app', 'backup_agent')")) {
      while (rs.next()) {
        ids.put(rs.getString(1), rs.getString(2));
        if (rs.getString(1).contains("customer_id = $1")) {
          ids.put("customer_id = $1", rs.getString(2));
        }
        if (rs.getString(1).contains("pg_start_backup")) {
          ids.put("pg_start_backup", rs.getString(2));
        }
      }
    }
    return ids;
  }

  private List<DatabaseWriteCounters> counters(int port) {
    PostgresEndpoint endpoint = new PostgresEndpoint("127.0.0.1", port, "postgres", SecretValue.of(PASSWORD), "disable");
    return new JdbcPostgresServer(endpoint, "postgres").readWriteCounters(List.of("shop")).databases();
  }

  private MigrationContext context(AuroraMigration migration) {
    InMemoryRds clusters = new InMemoryRds(0);
    clusters.addSource("source-orders", "13.12", "serverless");
    clusters.addSource("orders-v2", "15.8", "provisioned");
    MigrationTimings timings = new MigrationTimings(Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMillis(1));
    return new MigrationContext(migration, "us-east-1", clusters, null, null, PostgresServers.jdbc(), null,
        (ns, ref) -> SecretValue.of(PASSWORD), tasks, timings, clock, null, StatementChecks.jdbc(), configMaps,
        AppWorkloads.unavailable());
  }

  private AuroraMigration migration(List<String> allowFailures) {
    AuroraMigration m = MigrationDriver.migration();
    m.getMetadata().setName("orders-" + System.nanoTime());
    m.getSpec().getSource().setConnection(override(sourcePort));
    m.getSpec().getTarget().setConnection(override(targetPort));
    VerificationSpec verification = new VerificationSpec();
    StatementCheckSpec statements = new StatementCheckSpec();
    statements.setAllowFailures(allowFailures);
    verification.setStatements(statements);
    m.getSpec().setVerification(verification);
    m.setStatus(new AuroraMigrationStatus());
    SourceStatus sourceStatus = new SourceStatus();
    sourceStatus.setDatabases(List.of("shop", "archive"));
    m.getStatus().setSource(sourceStatus);
    TargetStatus target = new TargetStatus();
    target.setIdentifier("orders-v2");
    m.getStatus().setTarget(target);
    return m;
  }

  private static void query(Connection c, String sql, int arg) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setInt(1, arg);
      ps.executeQuery().close();
    }
  }

  private static void update(Connection c, String sql, int arg) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setInt(1, arg);
      ps.executeUpdate();
    }
  }

  static void preload(LocalPostgresCluster cluster) {
    try {
      Files.writeString(cluster.dataDir().resolve("postgresql.conf"), "\nshared_preload_libraries = 'pg_stat_statements'\n",
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ConnectionOverrideSpec override(int port) {
    ConnectionOverrideSpec o = new ConnectionOverrideSpec();
    o.setHost("127.0.0.1");
    o.setPort(port);
    o.setSslMode("disable");
    return o;
  }

  private static Connection connect(int port, String db, String user) throws SQLException {
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + db, user,
        user.equals("postgres") ? PASSWORD : "app");
  }

  private static void sleep() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("statement-check");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
