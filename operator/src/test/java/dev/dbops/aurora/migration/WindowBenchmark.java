package dev.dbops.aurora.migration;

import static dev.dbops.aurora.migration.LocalAuroraMigration.DATABASE;
import static dev.dbops.aurora.migration.LocalAuroraMigration.MASTER;
import static dev.dbops.aurora.migration.LocalAuroraMigration.MASTER_PASSWORD;
import static dev.dbops.aurora.migration.LocalAuroraMigration.SOURCE;

import dev.dbops.aurora.aws.AwsSettings;
import dev.dbops.aurora.aws.SecretValue;
import dev.dbops.aurora.aws.sdk.SdkAwsRegions;
import dev.dbops.aurora.model.migration.AuroraMigration;
import dev.dbops.aurora.model.migration.MigrationPhase;
import dev.dbops.aurora.model.migration.ReadOnlyWindowStatus;
import dev.dbops.aurora.postgres.JdbcDataComparison;
import dev.dbops.aurora.postgres.PostgresServers;
import dev.dbops.aurora.testing.MotoServer;
import dev.dbops.aurora.testing.SampleSchema;
import dev.dbops.aurora.testing.aurora.LocalAurora;
import dev.dbops.aurora.testing.strictrds.Settings;
import dev.dbops.aurora.testing.strictrds.StrictRds;
import dev.dbops.aurora.testing.strictrds.Timeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The operator's share of the read-only window. A whole migration (13 → 15 by the real pg_upgrade) runs
 * through StrictRds in front of the local Aurora, with RDS's durations at realistic values scaled down by a
 * fixed factor and the operator's timings scaled by the same factor, in real time. StrictRds records when
 * each transition ends; the local Aurora logs when pg_upgrade ends. AWS is busy over the union of those
 * intervals; at the end of each busy stretch, the time until the next RDS request arrives (the operator's
 * look that notices) is the operator's latency. Their sum, over the read-only window, is the share. The
 * baseline, in the same process: the same migration polling at a fixed interval (the former 20 s default).
 */
final class WindowBenchmark {
  /** Realistic RDS durations (a small cluster): restore 10 min, upgrade hop 15 min, snapshot 5 min, … */
  static final Settings.Durations REALISTIC = new Settings.Durations(Duration.ofMinutes(10), Duration.ofMinutes(2),
      Duration.ofMinutes(15), Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofMinutes(5),
      Duration.ofMinutes(8), Duration.ofMinutes(5), Duration.ofMinutes(5));

  record Gap(String after, Instant awsDone, Duration latency) {}

  record Result(String polling, Duration window, List<Gap> gaps, long rdsRequests) {
    Duration operator() {
      return gaps.stream().map(Gap::latency).reduce(Duration.ZERO, Duration::plus);
    }

    double share() {
      return (double) operator().toNanos() / window.toNanos();
    }
  }

  public static void main(String[] args) throws Exception {
    double factor = args.length > 0 ? 1.0 / Double.parseDouble(args[0]) : 1.0 / 100;
    MigrationTimings adaptive = MigrationTimings.defaults().scaled(factor);
    MigrationTimings fixed = new MigrationTimings(Duration.ofSeconds(20), Duration.ofSeconds(5), Duration.ofSeconds(1),
        Duration.ofSeconds(30), Duration.ofSeconds(20), 1.0).scaled(factor);
    System.out.printf(Locale.ROOT, "RDS durations and operator timings scaled by 1/%.0f (restore 10 min → %s, upgrade hop"
        + " 15 min → %s, snapshot 5 min → %s)%n", 1 / factor, s(REALISTIC.times(factor).clusterCreate()),
        s(REALISTIC.times(factor).clusterUpgrade()), s(REALISTIC.times(factor).snapshot()));
    Result mine = run("adaptive", adaptive, factor);
    // "adaptive" alone (CI) skips the baseline run.
    Result base = args.length > 1 && args[1].equals("adaptive") ? null : run("fixed 20 s", fixed, factor);
    print(mine, base == null ? mine : base, factor);
    writeCsv(factor, base == null ? List.of(mine) : List.of(mine, base));
    MotoServer.reset();
    System.exit(0);
  }

  private static Result run(String polling, MigrationTimings timings, double factor) throws Exception {
    MotoServer.reset();
    Settings settings = Settings.realisticScaledDown().withDurations(REALISTIC.times(factor))
        .withConsistencyDelay(Duration.ofMillis(Math.round(2000 * factor)));
    try (LocalAurora aurora = LocalAurora.start(MotoServer.endpoint());
        StrictRds strict = StrictRds.inFrontOf(aurora.endpoint(), settings);
        SdkAwsRegions regions = new SdkAwsRegions(
            new AwsSettings(MotoServer.REGION, Optional.of(strict.endpoint()), Duration.ZERO, 3))) {
      var clusters = regions.clusters(MotoServer.REGION);
      createShopSource(aurora, regions);
      Thread.sleep(Math.max(100, settings.durations().clusterCreate().toMillis()));
      AuroraMigration migration = LocalAuroraMigration.migration();
      migration.getSpec().getCutover().setApproved(true);
      RecordingAppRouting routing = new RecordingAppRouting();
      WorkflowRunner[] self = new WorkflowRunner[1];
      self[0] = new WorkflowRunner(migration, UpgradePlanner.fromEngineVersions(), (m, tasks) -> new MigrationContext(
          m, MotoServer.REGION, clusters, routing, routing, PostgresServers.jdbc(), new JdbcDataComparison(),
          (ns, ref) -> SecretValue.of(MASTER_PASSWORD), tasks, timings, self[0].clock, null));
      try (WorkflowRunner runner = self[0]) {
        int before = strict.timeline().requests().size();
        Duration offset = runInRealTime(runner);
        if (runner.phase() != MigrationPhase.Completed) {
          throw new IllegalStateException(polling + ": migration ended " + runner.phase() + ": "
              + runner.persisted.getStatus().getMessage());
        }
        ReadOnlyWindowStatus window = runner.persisted.getStatus().getReadOnlyWindow();
        return measure(polling, strict.timeline(), aurora.log(), window, offset, before);
      }
    }
  }

  /**
   * Reconciles as the operator does: the next one after the delay the last asked for, in real time. The
   * runner's clock (what status timestamps and the poll rules read) is kept at real time.
   */
  static Duration runInRealTime(WorkflowRunner runner) throws InterruptedException {
    Duration offset = Duration.between(Instant.now(), runner.clock.instant());
    Instant giveUp = Instant.now().plus(Duration.ofMinutes(10));
    while (Instant.now().isBefore(giveUp)) {
      Duration behind = Duration.between(runner.clock.instant(), Instant.now().plus(offset));
      if (!behind.isNegative() && !behind.isZero()) {
        runner.clock.advance(behind);
      }
      Optional<Duration> next = runner.reconcile();
      MigrationPhase phase = runner.phase();
      if (next.isEmpty() || phase == MigrationPhase.Completed || phase == MigrationPhase.Failed
          || phase == MigrationPhase.RolledBack) {
        return offset;
      }
      Thread.sleep(Math.max(1, next.get().toMillis()));
    }
    throw new IllegalStateException("migration did not finish in 10 minutes");
  }

  /**
   * The read-only window's RDS timeline. Only the window's bounds come from the operator's status (moved to
   * real time by the runner clock's offset); each latency is the end of a busy stretch by StrictRds's and the
   * local Aurora's clocks against StrictRds's arrival time of the next request.
   */
  static Result measure(String polling, Timeline timeline, List<String> auroraLog, ReadOnlyWindowStatus window,
      Duration offset, int requestsBefore) {
    List<Timeline.Request> requests = timeline.requests();
    List<Interval> busy = new ArrayList<>();
    for (Timeline.Transition t : timeline.transitions()) {
      Instant end = t.until();
      if (t.kind().equals("CLUSTER") && t.status().equals("upgrading")) {
        end = latest(end, upgradeEnd(auroraLog, t.id(), t.start()));
      }
      busy.add(new Interval(t.kind() + " " + t.id() + " " + t.status(), t.start(), end));
    }
    busy.sort(Comparator.comparing(Interval::start));
    Instant windowStart = Instant.parse(window.getStartedAt()).minus(offset);
    Instant windowEnd = Instant.parse(window.getEndedAt()).minus(offset);
    Duration windowLength = Duration.between(windowStart, windowEnd);
    busy.removeIf(b -> b.end().isBefore(windowStart) || b.start().isAfter(windowEnd));
    List<Gap> gaps = new ArrayList<>();
    // Merge overlapping intervals: AWS is finished only when nothing it does is still running.
    Instant stretchEnd = null;
    Instant lastStart = null;
    Set<String> stretch = new LinkedHashSet<>();
    for (int i = 0; i <= busy.size(); i++) {
      Interval next = i < busy.size() ? busy.get(i) : null;
      if (stretchEnd != null && (next == null || next.start().isAfter(stretchEnd))) {
        Instant done = stretchEnd;
        Instant began = lastStart;
        Optional<Timeline.Request> look = requests.stream().filter(r -> !r.at().isBefore(done)).findFirst();
        // Only what the operator waited for: it looked at RDS while the stretch's last operation ran. An
        // operation it does not wait for (deleting the temporary writer while SQL steps run) ends unobserved.
        boolean waited = requests.stream().anyMatch(r -> r.at().isAfter(began) && r.at().isBefore(done));
        if (look.isPresent() && waited) {
          gaps.add(new Gap(String.join(" + ", stretch), done, Duration.between(done, look.get().at())));
        }
        stretch.clear();
        stretchEnd = null;
      }
      if (next != null) {
        stretch.add(next.what());
        stretchEnd = latest(stretchEnd, next.end());
        lastStart = next.start();
      }
    }
    return new Result(polling, windowLength, gaps, requests.size() - requestsBefore);
  }

  record Interval(String what, Instant start, Instant end) {}

  /** When the local Aurora's pg_upgrade of {@code cluster} started after {@code after} ended (its log line's time). */
  private static Instant upgradeEnd(List<String> log, String cluster, Instant after) {
    return log.stream()
        .filter(l -> l.contains(" pg_upgrade ") && l.contains(" for " + cluster + " ") && l.contains(" took "))
        .map(l -> Instant.parse(l.substring(0, l.indexOf(' '))))
        .filter(t -> t.isAfter(after))
        .min(Comparator.naturalOrder())
        .orElse(after);
  }

  private static Instant latest(Instant a, Instant b) {
    return a == null || b.isAfter(a) ? b : a;
  }

  private static void print(Result mine, Result base, double factor) {
    System.out.println();
    System.out.println("after AWS finished                                   adaptive latency   fixed 20 s latency");
    for (int i = 0; i < Math.max(mine.gaps().size(), base.gaps().size()); i++) {
      String what = i < mine.gaps().size() ? mine.gaps().get(i).after() : base.gaps().get(i).after();
      System.out.printf(Locale.ROOT, "%-52s %16s %20s%n", what.length() > 52 ? what.substring(0, 52) : what,
          i < mine.gaps().size() ? ms(mine.gaps().get(i).latency()) : "-",
          i < base.gaps().size() ? ms(base.gaps().get(i).latency()) : "-");
    }
    System.out.println();
    System.out.println("polling      read-only window   operator latency   share   RDS requests   (goal: share <= 2 %)");
    for (Result r : mine == base ? List.of(mine) : List.of(mine, base)) {
      System.out.printf(Locale.ROOT, "%-12s %16s %18s %6.2f%% %14d%n", r.polling(), s(r.window()), s(r.operator()),
          100 * r.share(), r.rdsRequests());
    }
    System.out.println("Latency: AWS finished (StrictRds's transition end; pg_upgrade's end on the local Aurora) to the"
        + " operator's next RDS request. Request counts are comparable across scales: every timing is scaled alike.");
  }

  private static void writeCsv(double factor, List<Result> results) throws Exception {
    Path dir = Path.of(System.getProperty("bench.results", "../bench/results"));
    Files.createDirectories(dir);
    String date = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
    Path file = dir.resolve("window-1to" + Math.round(1 / factor) + "-" + date + ".csv");
    StringBuilder csv = new StringBuilder("date,cores,scale,polling,window_s,operator_latency_s,share_pct,rds_requests,gaps\n");
    for (Result r : results) {
      csv.append(String.format(Locale.ROOT, "%s,%d,1/%d,%s,%.3f,%.3f,%.2f,%d,%d%n", date,
          Runtime.getRuntime().availableProcessors(), Math.round(1 / factor), r.polling(), r.window().toMillis() / 1000.0,
          r.operator().toMillis() / 1000.0, 100 * r.share(), r.rdsRequests(), r.gaps().size()));
    }
    Files.writeString(file, csv);
    System.out.println("wrote " + file.normalize());
  }

  /**
   * The Serverless v1 source {@value LocalAuroraMigration#SOURCE} (PostgreSQL 13) holding the sample shop database,
   * created through {@code regions} (StrictRds in front of the local Aurora), once the data plane lists it.
   */
  static void createShopSource(LocalAurora aurora, SdkAwsRegions regions) throws Exception {
    try (var rds = regions.configure(software.amazon.awssdk.services.rds.RdsClient.builder(), MotoServer.REGION,
        new dev.dbops.aurora.aws.sdk.ApiCallCounter()).build()) {
      rds.createDBCluster(b -> b.dbClusterIdentifier(SOURCE).engine("aurora-postgresql").engineVersion("13.12")
          .engineMode("serverless").masterUsername(MASTER).masterUserPassword(MASTER_PASSWORD)
          .scalingConfiguration(c -> c.minCapacity(2).maxCapacity(8)));
    }
    for (int i = 0; i < 200 && aurora.cluster(SOURCE).isEmpty(); i++) {
      Thread.sleep(50);
    }
    try (Connection c = aurora.connect(SOURCE, "postgres", MASTER, MASTER_PASSWORD); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + DATABASE);
    }
    try (Connection c = aurora.connect(SOURCE, DATABASE, MASTER, MASTER_PASSWORD)) {
      SampleSchema.load(c);
    }
  }

  private static String s(Duration d) {
    return String.format(Locale.ROOT, "%.2f s", d.toMillis() / 1000.0);
  }

  private static String ms(Duration d) {
    return String.format(Locale.ROOT, "%d ms", d.toMillis());
  }
}
