package dev.dbops.aurora.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.model.migration.BlueGreenSpec;
import dev.dbops.aurora.model.migration.BlueGreenStatus;
import dev.dbops.aurora.model.migration.MigrationPhase;
import dev.dbops.aurora.model.migration.MigrationStrategy;
import dev.dbops.aurora.model.migration.StepState;
import dev.dbops.aurora.model.migration.StepStatus;
import dev.dbops.aurora.testing.MotoServer;
import dev.dbops.aurora.testing.aurora.BlueGreenRecord;
import dev.dbops.aurora.testing.aurora.ClusterRecord;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The BlueGreen strategy end to end on the local Aurora: moto as the control plane, the Serverless v1 source on a
 * real PostgreSQL 13, green on a real 15 kept in sync by native logical replication. An application keeps inserting
 * and updating through the source's endpoint during the whole migration (conversion failover, deployment,
 * switchover) and must find every committed write on green, and green's sequences past every id blue handed out.
 */
@ExtendWith(MotoServer.class)
class BlueGreenOnLocalAuroraTest {
  private LocalAuroraMigration local;

  @BeforeEach
  void start() throws SQLException {
    local = new LocalAuroraMigration();
  }

  @AfterEach
  void stop() {
    local.close();
  }

  @Test
  void writerThroughTheWholeMigrationLosesNothingAndWritesToGreenAfterTheSwitchover() throws Exception {
    var migration = LocalAuroraMigration.migration();
    migration.getSpec().setStrategy(MigrationStrategy.BlueGreen);
    BlueGreenSpec options = new BlueGreenSpec();
    // The shop's audit_log has no primary key: without this opt-in preflight blocks, and the writer's UPDATEs of it
    // would fail once blue publishes it.
    options.setReplicaIdentityFull(List.of("shop.shop.audit_log"));
    options.setSwitchoverTimeoutSeconds(120);
    migration.getSpec().setBlueGreen(options);
    WorkflowRunner runner = local.runnerOnWallClock(migration);

    ClusterRecord source = local.aurora.cluster(LocalAuroraMigration.SOURCE).orElseThrow();
    long customer;
    try (Connection c = local.source(LocalAuroraMigration.DATABASE); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT min(id) FROM shop.customers")) {
      rs.next();
      customer = rs.getLong(1);
    }
    Writer writer = new Writer(source.host(), source.port(), customer);
    Thread thread = new Thread(writer, "application-writer");
    thread.start();
    try {
      runner.runUntilSettled(WorkflowRunner.Crashes.NONE);
      long afterSwitchover = writer.commitsOn15.get();
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> writer.commitsOn15.get() > afterSwitchover + 50);
    } finally {
      writer.stop.set(true);
      thread.join(30_000);
    }
    var status = runner.persisted.getStatus();
    assertThat(runner.phase()).as(status.getMessage()).isEqualTo(MigrationPhase.Completed);
    assertThat(writer.failure).as("the writer's last unexpected error").isNull();
    assertThat(status.getSteps()).extracting(StepStatus::getState).doesNotContain(StepState.Failed, StepState.Pending);
    assertThat(status.getBlueGreen().getReplicaIdentityFullTables()).containsExactly("shop.shop.audit_log");

    // Through the source's endpoint, now green's: PostgreSQL 15 with every committed write.
    Map<Long, Integer> onGreen = new HashMap<>();
    long maxId;
    long sequenceNext;
    try (Connection c = DriverManager.getConnection(writer.url, LocalAuroraMigration.MASTER, LocalAuroraMigration.MASTER_PASSWORD);
        Statement s = c.createStatement()) {
      ResultSet version = s.executeQuery("SELECT current_setting('server_version_num')::int / 10000");
      version.next();
      assertThat(version.getInt(1)).isEqualTo(15);
      ResultSet rows = s.executeQuery("SELECT id, coalesce(extract(epoch FROM delivery)::int, -1) FROM shop.orders");
      while (rows.next()) {
        onGreen.put(rows.getLong(1), rows.getInt(2));
      }
      ResultSet max = s.executeQuery("SELECT max(id) FROM shop.orders");
      max.next();
      maxId = max.getLong(1);
      ResultSet next = s.executeQuery("SELECT nextval('shop.orders_id_seq')");
      next.next();
      sequenceNext = next.getLong(1);
      ResultSet audit = s.executeQuery("SELECT count(*) FROM shop.audit_log WHERE actor = 'writer'");
      audit.next();
      // An update whose connection broke may have committed unseen: at least every one the writer saw.
      assertThat(audit.getLong(1)).isGreaterThanOrEqualTo(writer.auditUpdates.get());
    }
    assertThat(onGreen.keySet()).containsAll(writer.inserted);
    writer.updated.forEach((id, value) -> {
      if (!writer.uncertain.contains(id)) {
        assertThat(onGreen.get(id)).as("order " + id).isEqualTo(value);
      }
    });
    assertThat(sequenceNext).as("green's next order id").isGreaterThan(maxId);
    assertThat(writer.commitsOn15.get()).isGreaterThan(50);
    assertThat(writer.commitsOn13.get()).isGreaterThan(50);

    BlueGreenStatus bg = status.getBlueGreen();
    assertThat(bg.getBlueClusterId()).isEqualTo(LocalAuroraMigration.SOURCE + "-old1");
    assertThat(bg.getGreenClusterId()).isEqualTo(LocalAuroraMigration.SOURCE);
    assertThat(bg.getSequencesCarried()).isPositive();
    // The operator's window (request to seen completed, polling included) holds the data plane's (fence to green serving).
    BlueGreenRecord seen = local.aurora.blueGreenDeployment(bg.getDeploymentId()).orElseThrow();
    assertThat(bg.getWriteBlockedSeconds() * 1000).isGreaterThanOrEqualTo(seen.blockedMillis());
    BlueGreenRecord record = local.aurora.blueGreenDeployment(bg.getDeploymentId()).orElseThrow();
    status.getSteps().forEach(step -> System.out.printf("  %-26s %-9s %6d ms  %s%n", step.getName(), step.getState(),
        step.getStartedAt() == null || step.getFinishedAt() == null ? -1
            : Duration.between(java.time.Instant.parse(step.getStartedAt()), java.time.Instant.parse(step.getFinishedAt())).toMillis(),
        step.getMessage()));
    System.out.printf("BlueGreen strategy on PostgreSQL 13 → 15: writes blocked %.3f s by status.blueGreen (request to seen"
            + " completed), %d ms by the data plane (fence to green serving); the application saw no commit for %d ms at"
            + " most; %d commits on 13, %d on 15; conversion %s → %s, replication lag %.1f s, %d sequence(s) carried%n",
        bg.getWriteBlockedSeconds(), record.blockedMillis(), writer.longestGapMillis.get(), writer.commitsOn13.get(),
        writer.commitsOn15.get(), bg.getConversionStartedAt(), bg.getConversionCompletedAt(),
        bg.getReplicationLagSeconds(), bg.getSequencesCarried());
  }

  /**
   * The application: new orders (ids from the source's sequence), updates of committed ones, and rows in audit_log
   * (no primary key) that it then updates. It reconnects to the same endpoint after every connection loss; a write
   * whose connection broke may or may not have committed, so it counts as uncertain.
   */
  private static final class Writer implements Runnable {
    final Set<Long> inserted = ConcurrentHashMap.newKeySet();
    final Map<Long, Integer> updated = new ConcurrentHashMap<>();
    final Set<Long> uncertain = ConcurrentHashMap.newKeySet();
    final AtomicLong commitsOn13 = new AtomicLong();
    final AtomicLong commitsOn15 = new AtomicLong();
    final AtomicLong auditUpdates = new AtomicLong();
    final AtomicLong longestGapMillis = new AtomicLong();
    final AtomicBoolean stop = new AtomicBoolean();
    volatile Throwable failure;
    final String url;
    private final long customer;

    Writer(String host, int port, long customer) {
      this.url = "jdbc:postgresql://" + host + ":" + port + "/" + LocalAuroraMigration.DATABASE + "?connectTimeout=2&socketTimeout=10";
      this.customer = customer;
    }

    @Override
    public void run() {
      Connection c = null;
      long lastCommit = System.nanoTime();
      int round = 0;
      while (!stop.get()) {
        Long target = null;
        try {
          if (c == null) {
            c = DriverManager.getConnection(url, LocalAuroraMigration.MASTER, LocalAuroraMigration.MASTER_PASSWORD);
          }
          int major;
          if (round % 10 == 9) {
            major = audit(c, round);
          } else if (round % 2 == 0 || inserted.isEmpty()) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO shop.orders (customer_id, ordered_at, note) VALUES"
                + " (?, now(), 'writer') RETURNING id, current_setting('server_version_num')::int / 10000")) {
              s.setLong(1, customer);
              ResultSet rs = s.executeQuery();
              rs.next();
              inserted.add(rs.getLong(1));
              major = rs.getInt(2);
            }
          } else {
            target = inserted.stream().skip(round % inserted.size()).findFirst().orElseThrow();
            try (PreparedStatement s = c.prepareStatement("UPDATE shop.orders SET delivery = make_interval(secs => ?)"
                + " WHERE id = ? RETURNING current_setting('server_version_num')::int / 10000")) {
              s.setInt(1, round);
              s.setLong(2, target);
              ResultSet rs = s.executeQuery();
              rs.next();
              major = rs.getInt(1);
            }
            updated.put(target, round);
          }
          (major == 15 ? commitsOn15 : commitsOn13).incrementAndGet();
          long now = System.nanoTime();
          longestGapMillis.accumulateAndGet(Duration.ofNanos(now - lastCommit).toMillis(), Math::max);
          lastCommit = now;
          round++;
        } catch (SQLException e) {
          if (target != null) {
            uncertain.add(target);
          }
          String state = e.getSQLState();
          // Connection loss (08), shutdown (57), the fence's read-only (25), a server not up yet (28000 during restart).
          if (state != null && !state.startsWith("08") && !state.startsWith("57") && !state.startsWith("25")
              && !state.equals("28000") && !state.equals("3D000")) {
            failure = e;
          }
          close(c);
          c = null;
          sleep();
        }
      }
      close(c);
    }

    private int audit(Connection c, int round) throws SQLException {
      String action = "writer-" + round;
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO shop.audit_log (at, action) VALUES (now(), ?)");
          PreparedStatement update = c.prepareStatement("UPDATE shop.audit_log SET actor = 'writer' WHERE action = ?"
              + " RETURNING current_setting('server_version_num')::int / 10000")) {
        insert.setString(1, action);
        insert.executeUpdate();
        update.setString(1, action);
        ResultSet rs = update.executeQuery();
        rs.next();
        auditUpdates.incrementAndGet();
        return rs.getInt(1);
      }
    }

    private static void close(Connection c) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (SQLException ignored) {
        // already gone
      }
    }

    private static void sleep() {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
