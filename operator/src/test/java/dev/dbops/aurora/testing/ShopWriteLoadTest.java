package dev.dbops.aurora.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The load the Blue/Green tests and benchmark lean on measures a blocked stretch and finds a lost write. */
class ShopWriteLoadTest {
  private static final String DATABASE = "write_load";
  private final EmbeddedPostgresServers.Started server = EmbeddedPostgresServers.source();

  @BeforeEach
  void loadShop() throws Exception {
    server.recreateDatabase(DATABASE);
    try (Connection c = server.connect(DATABASE)) {
      SampleSchema.load(c);
    }
  }

  @AfterEach
  void drop() {
    server.dropDatabase(DATABASE);
  }

  @Test
  void aReadOnlyStretchIsOneBlockedStretchAndNothingCommittedIsLostOrDoubled() throws Exception {
    ShopWriteLoad load = ShopWriteLoad.start(
        () -> new ShopWriteLoad.Endpoint("localhost", server.postgres().getPort()), DATABASE, Duration.ofMillis(2));
    await().atMost(Duration.ofSeconds(20)).until(() -> load.rounds() >= 20);

    try (Connection c = server.connect("postgres"); Statement s = c.createStatement()) {
      s.execute("ALTER DATABASE " + DATABASE + " SET default_transaction_read_only = on");
      s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + SampleSchema.APP_ROLE + "'");
      Thread.sleep(600);
      long during = load.rounds();
      Thread.sleep(200);
      assertThat(load.rounds()).isEqualTo(during);
      s.execute("ALTER DATABASE " + DATABASE + " RESET default_transaction_read_only");
    }
    long after = load.rounds();
    await().atMost(Duration.ofSeconds(20)).until(() -> load.rounds() >= after + 20);
    load.close();

    assertThat((Throwable) load.unexpected()).isNull();
    assertThat(load.blocked()).hasSize(1);
    assertThat(load.longestBlocked()).isGreaterThanOrEqualTo(Duration.ofMillis(800));
    assertThat(load.blocked().get(0).firstError()).startsWith("57P01");
    try (Connection c = server.connect(DATABASE)) {
      assertThat(load.missingOn(c)).isEmpty();
    }
  }

  @Test
  void aLostOrderAPaymentLostAndADoubledAuditRowAreEachReported() throws Exception {
    ShopWriteLoad load = ShopWriteLoad.start(
        () -> new ShopWriteLoad.Endpoint("localhost", server.postgres().getPort()), DATABASE, Duration.ofMillis(2));
    await().atMost(Duration.ofSeconds(20)).until(() -> load.rounds() >= 10);
    load.close();

    try (Connection c = server.connect(DATABASE); Statement s = c.createStatement()) {
      s.execute("DELETE FROM shop.orders WHERE note = 'load 8'");
      s.execute("UPDATE shop.orders SET paid = false WHERE note = 'load 0'");
      s.execute("INSERT INTO shop.audit_log SELECT * FROM shop.audit_log WHERE actor = 'load' AND detail->>'round' = '3'");
      assertThat(load.missingOn(c)).hasSize(3)
          .anySatisfy(m -> assertThat(m).contains("round 8"))
          .anySatisfy(m -> assertThat(m).contains("round 0"))
          .anySatisfy(m -> assertThat(m).isEqualTo("audit round 3 found 2 time(s)"));
    }
  }
}
