package dev.dbops.aurora.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The shop application ({@link SampleSchema}) writing steadily, as {@link SampleSchema#APP_ROLE}, through whatever endpoint
 * {@code endpoint} names at each (re)connect: it places an order (id from the table's sequence), marks an
 * earlier one paid, and appends to the audit log (no primary key), round after round. A refused or lost write
 * is retried until it succeeds; the time between the first refusal and the next success is a blocked stretch,
 * which is what an application sees of a read-only window or a switchover.
 *
 * <p>Nothing is counted twice or lost by the retries: each order carries a note {@code load <n>} that the retry
 * looks up first (a lost connection leaves open whether the INSERT committed), an update sets absolute values,
 * and an audit row carries its round number. {@link #missingOn} then checks every committed write against the
 * cluster the application ended on.
 */
public final class ShopWriteLoad implements AutoCloseable {
  /** Where the application connects now: host and port. */
  public record Endpoint(String host, int port) {}

  /** One stretch in which writes failed: from the first refusal to the next success. */
  public record Blocked(Instant startedAt, Duration length, String firstError) {}

  private final Supplier<Endpoint> endpoint;
  private final Map<Long, Long> paidOrders = new ConcurrentHashMap<>();
  private final Map<Long, Long> orderOfRound = new ConcurrentHashMap<>();
  private final List<Blocked> blocked = new ArrayList<>();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final Thread thread;
  private volatile long rounds;
  private volatile SQLException unexpected;

  private final String database;
  private final Duration pace;

  private ShopWriteLoad(Supplier<Endpoint> endpoint, String database, Duration pace) {
    this.endpoint = endpoint;
    this.database = database;
    this.pace = pace;
    this.thread = new Thread(this::run, "shop-write-load");
    this.thread.setDaemon(true);
  }

  /**
   * Starts writing at once, a round every {@code pace} at most (an application's steady rate, not a flood that
   * would slow the migration it measures); {@link #close} stops it.
   */
  public static ShopWriteLoad start(Supplier<Endpoint> endpoint, String database, Duration pace) {
    ShopWriteLoad load = new ShopWriteLoad(endpoint, database, pace);
    load.thread.start();
    return load;
  }

  /** Rounds completed (an order placed, one paid, an audit row): each is three committed writes. */
  public long rounds() {
    return rounds;
  }

  /** The stretches in which writes were refused or could not connect, in order. */
  public synchronized List<Blocked> blocked() {
    return List.copyOf(blocked);
  }

  /** The longest blocked stretch; zero when none. */
  public Duration longestBlocked() {
    return blocked().stream().map(Blocked::length).max(Duration::compareTo).orElse(Duration.ZERO);
  }

  /** A refusal no migration explains (a duplicate key from a sequence left behind, a constraint): null if none. */
  public SQLException unexpected() {
    return unexpected;
  }

  /**
   * What this load committed that {@code connection} (the shop database where the application ended) lacks:
   * orders missing or not paid as written, audit rounds missing or doubled. Empty when nothing is lost.
   */
  public List<String> missingOn(Connection connection) throws SQLException {
    List<String> missing = new ArrayList<>();
    try (PreparedStatement order = connection.prepareStatement("SELECT paid, note FROM shop.orders WHERE id = ?")) {
      for (Map.Entry<Long, Long> e : orderOfRound.entrySet()) {
        order.setLong(1, e.getValue());
        try (ResultSet rs = order.executeQuery()) {
          boolean paid = paidOrders.containsKey(e.getValue());
          if (!rs.next() || !("load " + e.getKey()).equals(rs.getString(2)) || rs.getBoolean(1) != paid) {
            missing.add("order " + e.getValue() + " of round " + e.getKey());
          }
        }
      }
    }
    try (PreparedStatement audit = connection.prepareStatement(
        "SELECT (detail->>'round')::bigint, count(*) FROM shop.audit_log WHERE actor = 'load' GROUP BY 1");
        ResultSet rs = audit.executeQuery()) {
      Map<Long, Long> seen = new java.util.HashMap<>();
      while (rs.next()) {
        seen.put(rs.getLong(1), rs.getLong(2));
      }
      for (long round = 0; round < rounds; round++) {
        long n = seen.getOrDefault(round, 0L);
        if (n != 1) {
          missing.add("audit round " + round + " found " + n + " time(s)");
        }
      }
    }
    return missing;
  }

  /** Stops after the round under way; a round cut off by the stop is not counted. */
  @Override
  public void close() {
    stop.set(true);
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    Connection c = null;
    long blockedSince = -1;
    Instant blockedAt = null;
    String firstError = null;
    boolean retry = false;
    for (long round = 0; !stop.get(); ) {
      try {
        if (c == null) {
          Endpoint e = endpoint.get();
          c = DriverManager.getConnection("jdbc:postgresql://" + e.host() + ":" + e.port()
              + "/" + database + "?connectTimeout=2&socketTimeout=10&tcpKeepAlive=true", SampleSchema.APP_ROLE, SampleSchema.APP_PASSWORD);
        }
        writeRound(c, round, retry);
        retry = false;
        if (blockedSince >= 0) {
          synchronized (this) {
            blocked.add(new Blocked(blockedAt, Duration.ofNanos(System.nanoTime() - blockedSince), firstError));
          }
          blockedSince = -1;
        }
        rounds = ++round;
        sleep(pace);
      } catch (SQLException e) {
        retry = true;
        if (blockedSince < 0) {
          blockedSince = System.nanoTime();
          blockedAt = Instant.now();
          firstError = e.getSQLState() + " " + e.getMessage();
        }
        if (!expectedDuringMigration(e)) {
          unexpected = e;
        }
        closeQuietly(c);
        c = null;
        sleep(Duration.ofMillis(20));
      }
    }
    closeQuietly(c);
  }

  /**
   * One round, each write its own transaction (autocommit). On a {@code retry} the writes whose answer was lost
   * are looked up first, so none is made twice.
   */
  private void writeRound(Connection c, long round, boolean retry) throws SQLException {
    Long order = orderOfRound.get(round);
    if (order == null) {
      order = retry ? placedBefore(c, round) : null;
      if (order == null) {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO shop.orders (customer_id, ordered_at, note)"
            + " VALUES (?, now(), ?) RETURNING id")) {
          s.setLong(1, 1 + round % SampleSchema.CUSTOMERS);
          s.setString(2, "load " + round);
          try (ResultSet rs = s.executeQuery()) {
            rs.next();
            order = rs.getLong(1);
          }
        }
      }
      orderOfRound.put(round, order);
    }
    if (round % 2 == 1) {
      long earlier = orderOfRound.get(round / 2);
      try (PreparedStatement s = c.prepareStatement("UPDATE shop.orders SET paid = true WHERE id = ?")) {
        s.setLong(1, earlier);
        s.executeUpdate();
      }
      paidOrders.put(earlier, round);
    }
    try (PreparedStatement s = c.prepareStatement("INSERT INTO shop.audit_log (at, actor, action, detail)"
        + " SELECT now(), 'load', 'order', jsonb_build_object('round', ?::bigint)"
        + " WHERE NOT ? OR NOT EXISTS (SELECT 1 FROM shop.audit_log WHERE actor = 'load' AND (detail->>'round')::bigint = ?)")) {
      s.setLong(1, round);
      s.setBoolean(2, retry);
      s.setLong(3, round);
      s.executeUpdate();
    }
  }

  private static Long placedBefore(Connection c, long round) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT id FROM shop.orders WHERE note = ?")) {
      s.setString(1, "load " + round);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getLong(1) : null;
      }
    }
  }

  /**
   * What a migration makes an application meet: no connection or a lost one (08), a server shutting down or
   * a session ended (57), a read-only transaction (25), a login refused while a server is fenced or restarting
   * (28, and 53 for too many connections). Anything else (a duplicate key, a constraint) is a bug it shows.
   */
  private static boolean expectedDuringMigration(SQLException e) {
    String state = e.getSQLState();
    return state == null || state.startsWith("08") || state.startsWith("57") || state.startsWith("25")
        || state.startsWith("28") || state.startsWith("53");
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      if (c != null) {
        c.close();
      }
    } catch (SQLException ignored) {
      // gone already
    }
  }
}
