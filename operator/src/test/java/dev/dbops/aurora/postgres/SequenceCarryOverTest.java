package dev.dbops.aurora.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.dbops.aurora.postgres.CarriedSequence.Outcome;
import dev.dbops.aurora.testing.EmbeddedPostgresServers;
import dev.dbops.aurora.testing.EmbeddedPostgresServers.Started;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Blue on a real PostgreSQL 13, green on a real 15, with the same DDL: blue hands out ids, green holds the same rows
 * (inserted with explicit ids, as logical replication writes them) and untouched sequences, as a Blue/Green
 * deployment leaves them.
 */
class SequenceCarryOverTest {

  private static final String DB = "bg_sequences";
  private static final long MARGIN = 10;

  private static final String DDL =
      """
      CREATE SCHEMA app;
      CREATE TABLE app.by_serial (id serial PRIMARY KEY, note text);
      CREATE TABLE app.by_bigserial (id bigserial PRIMARY KEY, note text);
      CREATE TABLE app.by_identity (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, note text);
      CREATE SEQUENCE app.countdown INCREMENT BY -1 MINVALUE -1000000 MAXVALUE 1000 START WITH 1000;
      CREATE TABLE app.by_countdown (id bigint PRIMARY KEY DEFAULT nextval('app.countdown'), note text);
      CREATE SEQUENCE app.by_five INCREMENT BY 5 START WITH 3;
      CREATE TABLE app.by_fives (id bigint PRIMARY KEY DEFAULT nextval('app.by_five'), note text);
      CREATE SEQUENCE app.never_called START WITH 42;
      """;

  private final Started blue = EmbeddedPostgresServers.source();
  private final Started green = EmbeddedPostgresServers.target();
  private final SequenceCarryOver carryOver = new JdbcSequenceCarryOver(MARGIN);

  /** Other tests read every database on the shared servers: leave nothing behind. */
  @AfterAll
  static void dropDatabase() {
    EmbeddedPostgresServers.source().dropDatabase(DB);
    EmbeddedPostgresServers.target().dropDatabase(DB);
  }

  @BeforeEach
  void sameSchemaBothSides() throws SQLException {
    blue.recreateDatabase(DB);
    green.recreateDatabase(DB);
    try (Connection b = blue.connect(DB); Connection g = green.connect(DB);
        Statement onBlue = b.createStatement(); Statement onGreen = g.createStatement()) {
      onBlue.execute(DDL);
      onGreen.execute(DDL);
      for (String table : List.of("by_serial", "by_bigserial", "by_identity", "by_countdown", "by_fives")) {
        onBlue.execute("INSERT INTO app." + table + " (note) SELECT 'row ' || i FROM generate_series(1, 7) i");
        // A rolled-back insert still consumes ids: blue handed them out even though no row shows them.
        b.setAutoCommit(false);
        onBlue.execute("INSERT INTO app." + table + " (note) VALUES ('rolled back')");
        b.rollback();
        b.setAutoCommit(true);
        // The replicated rows, with blue's ids, and green's sequences untouched.
        try (ResultSet rs = onBlue.executeQuery("SELECT id, note FROM app." + table)) {
          while (rs.next()) {
            onGreen.execute("INSERT INTO app." + table + " (id, note) OVERRIDING SYSTEM VALUE VALUES ("
                + rs.getLong(1) + ", '" + rs.getString(2) + "')");
          }
        }
      }
    }
  }

  @Test
  void greenHandsOutIdsPastEveryIdBlueHandedOut() throws SQLException {
    List<CarriedSequence> carried = carryOver.carry(blue.server(), green.server(), List.of(DB));

    // serial/bigserial/identity: 7 rows + 1 rolled back = last 8, next 9, target 9 + 10.
    // countdown: 1000 down to 993 consumed, next 992, target 992 - 10. by_five: 3, 8, …, 38 consumed, next 43,
    // target 43 + 50. never_called: next is its start, 42, target 52.
    assertThat(carried)
        .extracting(CarriedSequence::sequence, CarriedSequence::ownedBy, CarriedSequence::outcome,
            CarriedSequence::blueNext, CarriedSequence::greenNextAfter)
        .containsExactly(
            tuple(DB + ".app.by_bigserial_id_seq", "app.by_bigserial.id", Outcome.MOVED, 9L, 19L),
            tuple(DB + ".app.by_five", "", Outcome.MOVED, 43L, 93L),
            tuple(DB + ".app.by_identity_id_seq", "app.by_identity.id", Outcome.MOVED, 9L, 19L),
            tuple(DB + ".app.by_serial_id_seq", "app.by_serial.id", Outcome.MOVED, 9L, 19L),
            tuple(DB + ".app.countdown", "", Outcome.MOVED, 992L, 982L),
            tuple(DB + ".app.never_called", "", Outcome.MOVED, 42L, 52L));

    try (Connection b = blue.connect(DB); Connection g = green.connect(DB);
        Statement onBlue = b.createStatement(); Statement onGreen = g.createStatement()) {
      for (String table : List.of("by_serial", "by_bigserial", "by_identity", "by_fives")) {
        long blueMax = single(onBlue, "SELECT max(id) FROM app." + table);
        long greenId = single(onGreen, "INSERT INTO app." + table + " (note) VALUES ('on green') RETURNING id");
        assertThat(greenId).as(table).isGreaterThan(blueMax + 1);
      }
      long blueMin = single(onBlue, "SELECT min(id) FROM app.by_countdown");
      long greenId = single(onGreen, "INSERT INTO app.by_countdown (note) VALUES ('on green') RETURNING id");
      assertThat(greenId).isLessThan(blueMin - 1);
      assertThat(single(onGreen, "SELECT nextval('app.never_called')")).isEqualTo(52L);
    }
  }

  @Test
  void secondRunChangesNothing() throws SQLException {
    carryOver.carry(blue.server(), green.server(), List.of(DB));
    String before = greenSequenceState();

    List<CarriedSequence> again = carryOver.carry(blue.server(), green.server(), List.of(DB));

    assertThat(again).extracting(CarriedSequence::outcome).containsOnly(Outcome.ALREADY_AHEAD);
    assertThat(greenSequenceState()).isEqualTo(before);
  }

  @Test
  void neverMovesGreenBackwards() throws SQLException {
    try (Connection g = green.connect(DB); Statement s = g.createStatement()) {
      s.execute("SELECT setval('app.by_serial_id_seq', 5000)");
      s.execute("SELECT setval('app.countdown', -500)");
    }

    List<CarriedSequence> carried = carryOver.carry(blue.server(), green.server(), List.of(DB));

    assertThat(carried)
        .filteredOn(c -> c.sequence().endsWith("by_serial_id_seq") || c.sequence().endsWith("countdown"))
        .extracting(CarriedSequence::outcome, CarriedSequence::greenNextAfter)
        .containsExactly(tuple(Outcome.ALREADY_AHEAD, 5001L), tuple(Outcome.ALREADY_AHEAD, -501L));
    try (Connection g = green.connect(DB); Statement s = g.createStatement()) {
      assertThat(single(s, "SELECT nextval('app.by_serial_id_seq')")).isEqualTo(5001L);
    }
  }

  @Test
  void reportsSequenceMissingOnGreen() throws SQLException {
    try (Connection g = green.connect(DB); Statement s = g.createStatement()) {
      s.execute("DROP SEQUENCE app.never_called");
    }

    List<CarriedSequence> carried = carryOver.carry(blue.server(), green.server(), List.of(DB));

    assertThat(carried).filteredOn(c -> c.outcome() == Outcome.MISSING_ON_GREEN)
        .extracting(CarriedSequence::sequence).containsExactly(DB + ".app.never_called");
    assertThat(carried).hasSize(6);
  }

  @Test
  void carriesIntoGreenWhoseDatabaseStartsReadOnly() throws SQLException {
    green.server().setReadOnly(List.of(DB), true);
    try {
      List<CarriedSequence> carried = carryOver.carry(blue.server(), green.server(), List.of(DB));
      assertThat(carried).extracting(CarriedSequence::outcome).containsOnly(Outcome.MOVED);
    } finally {
      green.server().setReadOnly(List.of(DB), false);
    }
  }

  /** A session's cached values (CACHE above 1) are already counted in the relation's last_value. */
  @Test
  void countsValuesSessionsCached() throws SQLException {
    for (Started side : List.of(blue, green)) {
      try (Connection c = side.connect(DB); Statement s = c.createStatement()) {
        s.execute("CREATE SEQUENCE app.cached CACHE 20");
      }
    }
    try (Connection b = blue.connect(DB); Statement s = b.createStatement()) {
      assertThat(single(s, "SELECT nextval('app.cached')")).isEqualTo(1L);

      List<CarriedSequence> carried = carryOver.carry(blue.server(), green.server(), List.of(DB));

      // This session may still hand out 2..20 from its cache: green starts past all of them.
      assertThat(carried).filteredOn(c -> c.sequence().endsWith(".cached"))
          .extracting(CarriedSequence::blueNext, CarriedSequence::greenNextAfter).containsExactly(tuple(21L, 31L));
    }
  }

  /** The premise of the small margin: once blue is fenced read-only, it cannot hand out another value. */
  @Test
  void fencedBlueCannotHandOutValues() throws SQLException {
    blue.server().setReadOnly(List.of(DB), true);
    try (Connection b = blue.connect(DB); Statement s = b.createStatement()) {
      assertThatThrownBy(() -> s.executeQuery("SELECT nextval('app.by_serial_id_seq')"))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25006"));
    } finally {
      blue.server().setReadOnly(List.of(DB), false);
    }
  }

  private String greenSequenceState() throws SQLException {
    try (Connection g = green.connect(DB); Statement s = g.createStatement();
        ResultSet rs = s.executeQuery(
            "SELECT string_agg(format('%s=%s', sequencename, last_value), ',' ORDER BY sequencename)"
                + " FROM pg_sequences WHERE schemaname = 'app'")) {
      rs.next();
      StringBuilder state = new StringBuilder(rs.getString(1));
      for (String seq : List.of("by_serial_id_seq", "countdown", "never_called")) {
        try (Statement t = g.createStatement();
            ResultSet r = t.executeQuery("SELECT last_value, is_called FROM app." + seq)) {
          r.next();
          state.append(';').append(seq).append('=').append(r.getLong(1)).append('/').append(r.getBoolean(2));
        }
      }
      return state.toString();
    }
  }

  private static long single(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
