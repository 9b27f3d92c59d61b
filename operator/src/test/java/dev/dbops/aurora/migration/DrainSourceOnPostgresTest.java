package dev.dbops.aurora.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.aws.SecretValue;
import dev.dbops.aurora.migration.steps.CutoverStep;
import dev.dbops.aurora.migration.steps.DrainSourceStep;
import dev.dbops.aurora.model.migration.AuroraMigration;
import dev.dbops.aurora.model.migration.AuroraMigrationStatus;
import dev.dbops.aurora.model.migration.SessionSample;
import dev.dbops.aurora.model.migration.SourceDrainStatus;
import dev.dbops.aurora.model.migration.SourceStatus;
import dev.dbops.aurora.model.migration.StepState;
import dev.dbops.aurora.model.migration.StepStatus;
import dev.dbops.aurora.testing.EmbeddedPostgresServers;
import dev.dbops.aurora.testing.EmbeddedPostgresServers.Started;
import dev.dbops.aurora.testing.ManualClock;
import dev.dbops.aurora.testing.inmemoryrds.InMemoryRds;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * DrainSource on a real PostgreSQL 13 (the source's version): a test-side pool of application sessions
 * reads through every look the step takes; none of them is cut before the grace period after the switch
 * ends, and then all are, while the operator's own session and sessions on other databases stay.
 */
class DrainSourceOnPostgresTest {
  static final String DB = "drain_shop";
  static final Instant SWITCHED = Instant.parse("2026-11-26T12:00:00Z");

  final Started source = EmbeddedPostgresServers.source();
  final ManualClock clock = new ManualClock(SWITCHED.plusSeconds(2));
  final InMemoryRds rds = new InMemoryRds(0);
  final AuroraMigration migration = MigrationDriver.migration();
  final DrainSourceStep step = new DrainSourceStep();
  final List<Connection> pool = new ArrayList<>();

  @BeforeEach
  void setUp() throws SQLException {
    source.recreateDatabase(DB);
    source.createDatabase("drain_other");
    try (Connection c = source.connect("postgres"); Statement s = c.createStatement()) {
      s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'shop_app') THEN"
          + " CREATE ROLE shop_app LOGIN PASSWORD 'app'; END IF; END $$");
    }
    try (Connection c = source.connect(DB); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE orders (id int)");
      s.execute("INSERT INTO orders VALUES (1), (2)");
      s.execute("GRANT SELECT ON orders TO shop_app");
    }
    rds.addSource("source-orders", "13.12", "serverless");
    migration.getSpec().getCutover().setDrainGracePeriodSeconds(300);
    AuroraMigrationStatus status = new AuroraMigrationStatus();
    SourceStatus sourceStatus = new SourceStatus();
    sourceStatus.setDatabases(List.of(DB));
    status.setSource(sourceStatus);
    StepStatus cutover = new StepStatus();
    cutover.setName(CutoverStep.NAME);
    cutover.setState(StepState.Succeeded);
    cutover.setFinishedAt(SWITCHED.toString());
    status.getSteps().add(cutover);
    migration.setStatus(status);
  }

  @AfterEach
  void closePool() throws SQLException {
    for (Connection c : pool) {
      c.close();
    }
  }

  @Test
  void appSessionsReadThroughTheGracePeriodThenAreTerminatedAndTheCountReachesZero() throws SQLException {
    openPool(3, DB);
    Connection elsewhere = appSession("drain_other");
    try (Connection operator = source.server().connect(DB)) {
      assertThat(look()).isInstanceOf(StepResult.Waiting.class);
      assertThat(drain().getGraceEndsAt()).isEqualTo(SWITCHED.plusSeconds(300).toString());
      assertThat(lastSample().getSessions()).isEqualTo(3);
      assertThat(lastSample().getRoles()).isEqualTo("shop_app=3");

      // One app instance recycles its connection by itself during the grace period.
      pool.remove(0).close();
      for (Duration at : List.of(Duration.ofSeconds(60), Duration.ofSeconds(180), Duration.ofSeconds(299))) {
        at(SWITCHED.plus(at));
        assertThat(look()).isInstanceOf(StepResult.Waiting.class);
        assertThat(poolReads()).as("reads on the source at %s after the switch", at).isEqualTo(2);
        assertThat(drain().getTerminatingAt()).isNull();
      }
      assertThat(lastSample().getSessions()).isEqualTo(2);

      at(SWITCHED.plusSeconds(300));
      StepResult terminated = look();
      assertThat(terminated.message()).contains("grace period over: terminated 2 session(s)");
      assertThat(drain().getTerminatingAt()).isEqualTo(SWITCHED.plusSeconds(300).toString());
      assertThat(poolReads()).as("reads after the grace period").isZero();

      at(SWITCHED.plusSeconds(305));
      assertThat(look()).isInstanceOf(StepResult.Done.class);
      assertThat(drain().getZeroAt()).isEqualTo(SWITCHED.plusSeconds(305).toString());
      assertThat(drain().getTerminated()).isEqualTo(2);
      assertThat(drain().getSamples()).extracting(SessionSample::getSessions).containsExactly(3, 2, 2, 2, 2, 0);
      // Spared: the operator's own session, and an app on a database the migration did not move.
      assertThat(read(operator)).isTrue();
      assertThat(alive(elsewhere)).isTrue();
    } finally {
      elsewhere.close();
    }
  }

  @Test
  void appsThatLeaveInTheGracePeriodEndItWithoutTerminatingAnything() throws SQLException {
    openPool(2, DB);
    assertThat(look()).isInstanceOf(StepResult.Waiting.class);
    for (Connection c : pool) {
      c.close();
    }
    pool.clear();
    at(SWITCHED.plusSeconds(30));

    StepResult done = look();

    assertThat(done).isInstanceOf(StepResult.Done.class);
    assertThat(done.message()).isEqualTo("no application session left on the source");
    assertThat(drain().getTerminatingAt()).isNull();
    assertThat(drain().getZeroAt()).isEqualTo(SWITCHED.plusSeconds(30).toString());
  }

  @Test
  void keepsOnlyTheLastTenCounts() throws SQLException {
    openPool(1, DB);
    for (int i = 0; i < 25; i++) {
      at(SWITCHED.plusSeconds(10 + i));
      look();
    }
    assertThat(drain().getSamples()).hasSize(10);
    assertThat(drain().getSamples().get(9).getAt()).isEqualTo(SWITCHED.plusSeconds(34).toString());
    assertThat(poolReads()).isEqualTo(1);
  }

  private void at(Instant instant) {
    clock.advance(Duration.between(clock.instant(), instant));
  }

  private static boolean alive(Connection c) {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
      return rs.next();
    } catch (SQLException e) {
      return false;
    }
  }

  private StepResult look() {
    MigrationContext ctx = new MigrationContext(migration, "us-east-1", rds, null, null,
        (endpoint, database) -> source.server(), null, (ns, ref) -> SecretValue.of("postgres"), null,
        MigrationTimings.defaults(), clock);
    return step.run(ctx);
  }

  private SourceDrainStatus drain() {
    return migration.getStatus().getApps().getDrain();
  }

  private SessionSample lastSample() {
    List<SessionSample> samples = drain().getSamples();
    return samples.get(samples.size() - 1);
  }

  private void openPool(int size, String database) throws SQLException {
    for (int i = 0; i < size; i++) {
      Connection c = appSession(database);
      assertThat(read(c)).isTrue();
      pool.add(c);
    }
  }

  /** How many pooled sessions can still read. */
  private int poolReads() {
    return (int) pool.stream().filter(DrainSourceOnPostgresTest::read).count();
  }

  private static boolean read(Connection c) {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM orders")) {
      return rs.next() && rs.getInt(1) == 2;
    } catch (SQLException e) {
      return false;
    }
  }

  private Connection appSession(String database) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "shop_app");
    p.setProperty("password", "app");
    p.setProperty("ApplicationName", "shop-api");
    return DriverManager.getConnection("jdbc:postgresql://localhost:" + source.postgres().getPort() + "/" + database, p);
  }
}
