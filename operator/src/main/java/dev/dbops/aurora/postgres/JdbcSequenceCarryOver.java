package dev.dbops.aurora.postgres;

import dev.dbops.aurora.postgres.CarriedSequence.Outcome;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Sets each green sequence past its blue counterpart with {@code setval}.
 *
 * <p>The rule, in "steps" of the sequence's own increment (so descending sequences and increments other than 1 follow
 * from the same arithmetic): blue's next value is {@code last_value + increment} once the sequence was called, and
 * {@code last_value} (its start, or a {@code setval(…, false)}) before; green's target next value is blue's next
 * plus {@code marginSteps} increments. Green is only moved when its own next value is short of the target in the
 * sequence's direction, so a second run, or a green that already handed out values of its own, is left alone: a
 * sequence is never moved backwards.
 *
 * <p>The state is read from the sequence relation ({@code SELECT last_value, is_called}), not from
 * {@code pg_sequences.last_value}, which is NULL both for a sequence never called and after {@code setval(…, false)}.
 * A sequence's last_value already counts the values sessions cached ({@code CACHE} above 1) and the ones rolled-back
 * transactions consumed, so it covers everything blue handed out.
 *
 * <p>Why the margin can be small (default {@value #DEFAULT_MARGIN_STEPS} steps): the switchover calls this AFTER
 * blue is fenced (databases read-only and every other session ended), and {@code nextval} is refused in a read-only
 * transaction, so blue cannot hand out a value between this read and the switchover. The margin only covers what
 * the fence cannot see, e.g. a session that slipped in before it took effect; sequences have gaps anyway, so a few
 * hundred skipped ids cost nothing.
 */
public final class JdbcSequenceCarryOver implements SequenceCarryOver {

  public static final long DEFAULT_MARGIN_STEPS = 100;

  /** User sequences, not an extension's, with the column a serial (deptype a) or identity (i) sequence belongs to. */
  private static final String BLUE_SEQUENCES =
      """
      SELECT n.nspname, c.relname, s.seqincrement, s.seqmin, s.seqmax,
             (SELECT tn.nspname || '.' || t.relname || '.' || a.attname
                FROM pg_depend d
                JOIN pg_class t ON t.oid = d.refobjid
                JOIN pg_namespace tn ON tn.oid = t.relnamespace
                JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
               WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                 AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
               LIMIT 1)
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_sequence s ON s.seqrelid = c.oid
       WHERE c.relkind = 'S' AND c.relpersistence = 'p'
         AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
         AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid
                                                     AND e.deptype = 'e')
       ORDER BY 1, 2
      """;

  private static final String GREEN_SEQUENCE =
      "SELECT s.seqincrement, s.seqmin, s.seqmax FROM pg_sequence s WHERE s.seqrelid = to_regclass(?)";

  private final long marginSteps;

  public JdbcSequenceCarryOver() {
    this(DEFAULT_MARGIN_STEPS);
  }

  /** @param marginSteps how many increments green starts past blue's next value; at least 1 */
  public JdbcSequenceCarryOver(long marginSteps) {
    if (marginSteps < 1) {
      throw new IllegalArgumentException("the margin must be at least one step, got " + marginSteps);
    }
    this.marginSteps = marginSteps;
  }

  private record Definition(long increment, long min, long max) {}

  private record Position(long lastValue, boolean called) {
    /** Exact, so a sequence at Long.MAX_VALUE reads as past its bound rather than wrapping round. */
    BigInteger next(long increment) {
      BigInteger last = BigInteger.valueOf(lastValue);
      return called ? last.add(BigInteger.valueOf(increment)) : last;
    }
  }

  @Override
  public List<CarriedSequence> carry(PostgresServer blue, PostgresServer green, List<String> databases) {
    List<CarriedSequence> carried = new ArrayList<>();
    for (String database : databases) {
      try (Connection b = blue.connect(database); Connection g = green.connect(database)) {
        // Green may start read-only (its databases, or the parameter group, default to it) until switchover; the
        // carry-over is the one write the switchover makes there before the applications arrive.
        try (Statement s = g.createStatement()) {
          s.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE");
        }
        try (Statement s = b.createStatement(); ResultSet rs = s.executeQuery(BLUE_SEQUENCES)) {
          while (rs.next()) {
            String name = QuotedIdentifier.qualified(rs.getString(1), rs.getString(2));
            Definition definition = new Definition(rs.getLong(3), rs.getLong(4), rs.getLong(5));
            String ownedBy = Optional.ofNullable(rs.getString(6)).orElse("");
            String label = database + "." + rs.getString(1) + "." + rs.getString(2);
            carried.add(carryOne(b, g, name, label, ownedBy, definition));
          }
        }
      } catch (SQLException e) {
        throw PostgresException.of("cannot carry sequences of database " + database + " to green", e);
      }
    }
    return carried;
  }

  private CarriedSequence carryOne(
      Connection blue, Connection green, String name, String label, String ownedBy, Definition blueDefinition)
      throws SQLException {
    Position bluePosition = position(blue, name);
    Long blueNext = withinBounds(bluePosition.next(blueDefinition.increment()), blueDefinition);
    Optional<Definition> greenDefinition = definition(green, name);
    if (greenDefinition.isEmpty()) {
      return new CarriedSequence(label, ownedBy, Outcome.MISSING_ON_GREEN, blueNext, null, null);
    }
    Definition onGreen = greenDefinition.get();
    BigInteger greenNextExact = position(green, name).next(onGreen.increment());
    // Past its bound, green's "next" is its bound: a nextval there fails, as it would on blue.
    Long greenNext = withinBounds(greenNextExact, onGreen) == null
        ? (Long) (onGreen.increment() > 0 ? onGreen.max() : onGreen.min()) : greenNextExact.longValueExact();
    if (Long.signum(onGreen.increment()) != Long.signum(blueDefinition.increment())) {
      return new CarriedSequence(label, ownedBy, Outcome.DIRECTION_DIFFERS, blueNext, greenNext, greenNext);
    }
    // A blue sequence at its bound (is_called and last_value = max) has no next value; neither may green have one.
    if (blueNext == null) {
      return new CarriedSequence(label, ownedBy, Outcome.OUT_OF_RANGE, null, greenNext, greenNext);
    }
    BigInteger target =
        BigInteger.valueOf(blueNext)
            .add(BigInteger.valueOf(marginSteps).multiply(BigInteger.valueOf(blueDefinition.increment())));
    // Clamp to green's bound: a target past it still leaves green's last values ahead of blue's.
    BigInteger bound = BigInteger.valueOf(onGreen.increment() > 0 ? onGreen.max() : onGreen.min());
    if (onGreen.increment() > 0 ? target.compareTo(bound) > 0 : target.compareTo(bound) < 0) {
      target = bound;
    }
    long direction = Long.signum(onGreen.increment());
    if (BigInteger.valueOf(greenNext).subtract(target).signum() * direction >= 0) {
      return new CarriedSequence(label, ownedBy, Outcome.ALREADY_AHEAD, blueNext, greenNext, greenNext);
    }
    if (BigInteger.valueOf(blueNext).subtract(target).signum() * direction > 0) {
      return new CarriedSequence(label, ownedBy, Outcome.OUT_OF_RANGE, blueNext, greenNext, greenNext);
    }
    // setval(target, false) makes the next nextval return exactly the target, whatever green's increment is.
    try (PreparedStatement s = green.prepareStatement("SELECT setval(?::regclass, ?, false)")) {
      s.setString(1, name);
      s.setLong(2, target.longValueExact());
      s.execute();
    }
    return new CarriedSequence(label, ownedBy, Outcome.MOVED, blueNext, greenNext, target.longValueExact());
  }

  private static Long withinBounds(BigInteger next, Definition definition) {
    return next.compareTo(BigInteger.valueOf(definition.max())) > 0
        || next.compareTo(BigInteger.valueOf(definition.min())) < 0 ? null : next.longValueExact();
  }

  private static Position position(Connection connection, String name) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT last_value, is_called FROM " + name)) {
      rs.next();
      return new Position(rs.getLong(1), rs.getBoolean(2));
    }
  }

  private static Optional<Definition> definition(Connection connection, String name) throws SQLException {
    try (PreparedStatement s = connection.prepareStatement(GREEN_SEQUENCE)) {
      s.setString(1, name);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(new Definition(rs.getLong(1), rs.getLong(2), rs.getLong(3))) : Optional.empty();
      }
    }
  }
}
