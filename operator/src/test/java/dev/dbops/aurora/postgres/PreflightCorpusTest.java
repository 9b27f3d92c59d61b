package dev.dbops.aurora.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.aws.SecretValue;
import dev.dbops.aurora.testing.postgres.LocalPostgresCluster;
import dev.dbops.aurora.testing.postgres.PostgresInstallation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * pg_upgrade is the referee of Preflight. Each schema of the corpus is loaded into a fresh PostgreSQL 13,
 * Preflight runs against it exactly as the operator runs it (JdbcPostgresServer over JDBC, on the
 * databases the operator picks), then the real {@code pg_upgrade --check} and, where that passes, the
 * real pg_upgrade into PostgreSQL 15 (a schema that passes --check can still fail to restore).
 *
 * <p>A case fails when pg_upgrade refuses what Preflight passed (a missed blocker: the migration would
 * fail hours in with the source read-only), when Preflight blocks what pg_upgrade accepts without the
 * case file saying why, or when pg_upgrade does not do what the case file claims.
 */
class PreflightCorpusTest {
  private static final String SUPERUSER = "postgres";
  private static final String PASSWORD = "corpus-secret";
  private static final int TARGET_MAJOR = 15;
  /** The machine is shared and every case runs two servers at a time during pg_upgrade. */
  private static final int PARALLEL_CASES = 2;

  private static final PostgresInstallation pg = PostgresInstallation.local();
  private static Path root;
  private static Path fresh13;
  private static Path fresh15;
  private static List<CorpusCase> corpus;
  private static List<Future<Verdict>> cases;
  private static List<Verdict> verdicts;

  /** What happened to one case: pg_upgrade's verdict (and which run gave it) and Preflight's findings. */
  record Verdict(
      CorpusCase corpusCase, boolean refused, String refusedBy, String upgradeOutput,
      List<SchemaFinding> findings, String preflightError) {

    boolean preflightBlocks() {
      return preflightError != null || findings.stream().anyMatch(SchemaFinding::blocker);
    }

    String refereeColumn() {
      return refused ? "refuses (" + refusedBy + ")" : "accepts (upgraded)";
    }

    String preflightColumn() {
      if (preflightError != null) {
        return "ERROR " + preflightError;
      }
      List<String> blockers = findings.stream().filter(SchemaFinding::blocker)
          .map(f -> f.check() + " " + f.object()).distinct().toList();
      long warnings = findings.stream().filter(f -> !f.blocker()).count();
      return (blockers.isEmpty() ? "passes" : "blocks: " + String.join(", ", blockers))
          + (warnings > 0 ? " (+" + warnings + " warning(s))" : "");
    }
  }

  @BeforeAll
  static void runCorpus() throws Exception {
    long started = System.nanoTime();
    // Under /tmp (java.io.tmpdir), which the servers' user can traverse.
    root = Files.createTempDirectory("preflight-corpus");
    pg.ownDirectory(root);
    // initdb once per JVM and copy the stopped clusters for each case: far faster than initdb per case.
    fresh13 = root.resolve("fresh/13");
    fresh15 = root.resolve("fresh/15");
    LocalPostgresCluster.initialise(pg, 13, fresh13, SUPERUSER, PASSWORD);
    LocalPostgresCluster.initialise(pg, TARGET_MAJOR, fresh15, SUPERUSER, PASSWORD);

    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_CASES);
    try {
      cases = new ArrayList<>();
      corpus = CorpusCase.all();
      for (CorpusCase c : corpus) {
        cases.add(pool.submit(() -> judge(c)));
      }
      // A case that cannot even be set up fails its own test below, not the whole corpus.
      verdicts = new ArrayList<>();
      for (Future<Verdict> f : cases) {
        try {
          verdicts.add(f.get());
        } catch (ExecutionException e) {
          // reported by the case's test
        }
      }
    } finally {
      pool.shutdown();
    }
    printTable(Duration.ofNanos(System.nanoTime() - started));
  }

  @AfterAll
  static void removeClusters() throws IOException {
    if (root != null) {
      try (Stream<Path> paths = Files.walk(root)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @TestFactory
  Stream<DynamicTest> preflightBlocksWhatPgUpgradeRefuses() {
    return corpus.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
      Verdict v = cases.get(corpus.indexOf(c)).get();
      assertThat(v.refused())
          .as("%s: the file says pg_upgrade %s, but it %s; output:%n%s", c.name(),
              c.refusalExpected() ? "refuses" : "accepts", v.refereeColumn(), v.upgradeOutput())
          .isEqualTo(c.refusalExpected());
      assertThat(v.preflightError()).as("%s: Preflight failed instead of reporting a finding", c.name()).isNull();
      if (v.refused()) {
        assertThat(v.preflightBlocks())
            .as("%s: missed blocker — pg_upgrade refuses, Preflight passes: %s%npg_upgrade said:%n%s",
                c.name(), v.preflightColumn(), tail(v.upgradeOutput()))
            .isTrue();
      } else if (v.preflightBlocks()) {
        assertThat(c.falseBlockerReason())
            .as("%s: Preflight blocks a schema pg_upgrade accepts (%s), and the file has no '-- false blocker:' line",
                c.name(), v.preflightColumn())
            .isPresent();
      }
      if (c.falseBlockerReason().isPresent()) {
        assertThat(!v.refused() && v.preflightBlocks())
            .as("%s explains a false blocker that is not one: %s, Preflight %s", c.name(), v.refereeColumn(),
                v.preflightColumn())
            .isTrue();
      }
    }));
  }

  private static Verdict judge(CorpusCase c) throws Exception {
    // Only the number: pg_upgrade puts its Unix sockets in here, and a socket path has at most 107 bytes.
    Path dir = root.resolve(c.name().split("-")[0]);
    Files.createDirectories(dir);
    pg.ownDirectory(dir);
    LocalPostgresCluster source = LocalPostgresCluster.copyOf(pg, fresh13, dir.resolve("13"));
    if (!c.settings().isEmpty()) {
      Files.writeString(source.dataDir().resolve("postgresql.conf"),
          "\n" + String.join("\n", c.settings()) + "\n", StandardOpenOption.APPEND);
    }
    int port = LocalPostgresCluster.freePort();
    List<SchemaFinding> findings = List.of();
    String preflightError = null;
    try {
      source.start(port);
      load(c, source, dir, port);
      if (!c.orphanSession().isEmpty()) {
        leaveOrphans(c, source, port);
      }
      try {
        findings = preflightAsTheOperatorRunsIt(c, port);
      } catch (PostgresException e) {
        preflightError = e.getMessage();
      }
    } finally {
      source.stop();
    }

    LocalPostgresCluster.copyOf(pg, fresh15, dir.resolve("15"));
    LocalPostgresCluster.UpgradeOutcome check = source.upgrade(TARGET_MAJOR, dir.resolve("15"), SUPERUSER, true);
    Verdict verdict;
    if (!check.ok()) {
      verdict = new Verdict(c, true, "--check", check.output(), findings, preflightError);
    } else {
      LocalPostgresCluster.UpgradeOutcome full = source.upgrade(TARGET_MAJOR, dir.resolve("15"), SUPERUSER, false);
      verdict = new Verdict(c, !full.ok(), "full run", full.output(), findings, preflightError);
    }
    deleteTree(dir);
    return verdict;
  }

  /** psql, not JDBC: cases switch databases (\connect) and run statements that refuse a transaction block. */
  private static void load(CorpusCase c, LocalPostgresCluster source, Path dir, int port) throws IOException {
    Path script = dir.resolve("case.sql");
    Files.copy(c.file(), script);
    pg.ownDirectory(script);
    PostgresInstallation.Result loaded = pg.run(13, "psql", List.of("-X", "-q", "-v", "ON_ERROR_STOP=1",
        "-h", source.dataDir().toString(), "-p", Integer.toString(port), "-U", SUPERUSER, "-d", "postgres",
        "-f", script.toString()), dir);
    if (!loaded.ok()) {
      throw new IllegalStateException("cannot load corpus case " + c.name() + ":\n" + loaded.output());
    }
  }

  /**
   * Runs the statements in a session that is still open when the server crashes, as a backend dying in
   * a crash leaves its temporary tables in pg_temp_N, and starts the server again.
   */
  private static void leaveOrphans(CorpusCase c, LocalPostgresCluster source, int port) throws SQLException {
    Connection session = connect(port);
    try (Statement s = session.createStatement()) {
      for (String sql : c.orphanSession()) {
        s.execute(sql);
      }
    }
    source.crash();
    try {
      session.close();
    } catch (SQLException ignored) {
      // the server is gone; the session with it
    }
    source.start(port);
  }

  /** As PreflightStep does it with no spec.source.databases: the server's list, then preflight to 15. */
  private static List<SchemaFinding> preflightAsTheOperatorRunsIt(CorpusCase c, int port) {
    var server = new JdbcPostgresServer(
        new PostgresEndpoint("127.0.0.1", port, SUPERUSER, SecretValue.of(PASSWORD), "disable"), "postgres");
    List<String> databases = c.specDatabases().isEmpty() ? server.databases() : c.specDatabases();
    return server.preflight(databases, TARGET_MAJOR);
  }

  private static Connection connect(int port) throws SQLException {
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", SUPERUSER, PASSWORD);
  }

  private static void printTable(Duration took) {
    int width = verdicts.stream().mapToInt(v -> v.corpusCase().name().length()).max().orElse(10);
    StringBuilder table = new StringBuilder("\nPreflight corpus: case → pg_upgrade → Preflight\n");
    for (Verdict v : verdicts) {
      table.append(String.format("%-" + width + "s  %-22s  %s%n", v.corpusCase().name(), v.refereeColumn(),
          v.preflightColumn()));
    }
    List<Verdict> falseBlockers = verdicts.stream().filter(v -> !v.refused() && v.preflightBlocks()).toList();
    long missed = verdicts.stream().filter(v -> v.refused() && !v.preflightBlocks()).count();
    table.append(String.format("%d cases, %d refused by pg_upgrade, %d missed blocker(s), %d false blocker(s)%s%n",
        verdicts.size(), verdicts.stream().filter(Verdict::refused).count(), missed, falseBlockers.size(),
        falseBlockers.isEmpty() ? "" : ": " + falseBlockers.stream()
            .map(v -> v.corpusCase().name() + " (" + v.corpusCase().falseBlockerReason().orElse("UNEXPLAINED") + ")")
            .collect(Collectors.joining("; "))));
    table.append("took ").append(took.toSeconds()).append(" s\n");
    System.out.println(table);
  }

  /** The end of pg_upgrade's output (with its report files) is where it says what it refused. */
  private static String tail(String output) {
    return output.length() <= 4000 ? output : "…" + output.substring(output.length() - 4000);
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
