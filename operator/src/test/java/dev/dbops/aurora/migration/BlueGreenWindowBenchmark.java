package dev.dbops.aurora.migration;

import static dev.dbops.aurora.migration.LocalAuroraMigration.DATABASE;
import static dev.dbops.aurora.migration.LocalAuroraMigration.MASTER;
import static dev.dbops.aurora.migration.LocalAuroraMigration.MASTER_PASSWORD;
import static dev.dbops.aurora.migration.LocalAuroraMigration.SOURCE;
import static dev.dbops.aurora.migration.LocalAuroraMigration.TARGET;

import dev.dbops.aurora.aws.AwsSettings;
import dev.dbops.aurora.aws.SecretValue;
import dev.dbops.aurora.aws.sdk.SdkAwsRegions;
import dev.dbops.aurora.model.migration.AuroraMigration;
import dev.dbops.aurora.model.migration.AuroraMigrationStatus;
import dev.dbops.aurora.model.migration.BlueGreenSpec;
import dev.dbops.aurora.model.migration.BlueGreenStatus;
import dev.dbops.aurora.model.migration.MigrationPhase;
import dev.dbops.aurora.model.migration.MigrationStrategy;
import dev.dbops.aurora.postgres.JdbcDataComparison;
import dev.dbops.aurora.postgres.PostgresServers;
import dev.dbops.aurora.testing.MotoServer;
import dev.dbops.aurora.testing.ShopWriteLoad;
import dev.dbops.aurora.testing.aurora.ClusterRecord;
import dev.dbops.aurora.testing.aurora.LocalAurora;
import dev.dbops.aurora.testing.strictrds.Settings;
import dev.dbops.aurora.testing.strictrds.StrictRds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The write-blocked window of BlueGreen against the read-only window of SnapshotRestore, in one run, on the same
 * shop database under the same load. Each strategy migrates its own fresh Serverless v1 source (PostgreSQL 13, the
 * sample shop) to 15 on the local Aurora behind StrictRds, whose RDS durations are realistic values scaled down by
 * one factor, as {@link WindowBenchmark}'s; the operator's timings are scaled alike. Meanwhile {@link ShopWriteLoad}
 * writes as the application does (to the source, and after a SnapshotRestore cutover to where the connection Secret
 * points) and measures every stretch in which its writes were refused.
 *
 * <p>Two figures per strategy: the window the operator reports in status (SnapshotRestore's read-only window;
 * BlueGreen's switchover, request to completion) and what the application saw. BlueGreen's other planned
 * downtime (the engine-mode conversion's failover and the reboot that turns on logical replication) is shown
 * apart: it comes before the deployment, at a time the team picks, not inside a read-only window.
 */
final class BlueGreenWindowBenchmark {
  /** A round of the load (an order, a payment, an audit row) every 20 ms: a steady application, not a flood. */
  private static final Duration PACE = Duration.ofMillis(20);

  record Result(MigrationStrategy strategy, Duration statusWindow, Duration appLongest, Duration appTotal,
      Duration appBeforeDeployment, Duration dataPlaneFence, long rounds, int lost, String unexpected) {}

  public static void main(String[] args) throws Exception {
    double factor = args.length > 0 ? 1.0 / Double.parseDouble(args[0]) : 1.0 / 100;
    System.out.printf(Locale.ROOT, "RDS durations and operator timings scaled by 1/%.0f; the application writes a round"
        + " (order, payment, audit row) every %d ms%n", 1 / factor, PACE.toMillis());
    Result snapshot = run(MigrationStrategy.SnapshotRestore, factor);
    Result blueGreen = run(MigrationStrategy.BlueGreen, factor);
    print(snapshot, blueGreen);
    writeCsv(factor, List.of(snapshot, blueGreen));
    MotoServer.reset();
    boolean clean = snapshot.lost() == 0 && blueGreen.lost() == 0 && snapshot.unexpected() == null
        && blueGreen.unexpected() == null;
    System.exit(clean ? 0 : 1);
  }

  private static Result run(MigrationStrategy strategy, double factor) throws Exception {
    MotoServer.reset();
    Settings settings = Settings.realisticScaledDown().withDurations(WindowBenchmark.REALISTIC.times(factor))
        .withConsistencyDelay(Duration.ofMillis(Math.round(2000 * factor)));
    try (LocalAurora aurora = LocalAurora.start(MotoServer.endpoint());
        StrictRds strict = StrictRds.inFrontOf(aurora.endpoint(), settings);
        SdkAwsRegions regions = new SdkAwsRegions(
            new AwsSettings(MotoServer.REGION, Optional.of(strict.endpoint()), Duration.ZERO, 3))) {
      WindowBenchmark.createShopSource(aurora, regions);
      Thread.sleep(Math.max(100, settings.durations().clusterCreate().toMillis()));
      AuroraMigration migration = LocalAuroraMigration.migration();
      migration.getSpec().getCutover().setApproved(true);
      migration.getSpec().setStrategy(strategy);
      if (strategy == MigrationStrategy.BlueGreen) {
        BlueGreenSpec blueGreen = new BlueGreenSpec();
        // The shop's audit log has no primary key; its rows are only inserted, but Blue/Green needs the opt-in.
        blueGreen.setReplicaIdentityFull(List.of(DATABASE + ".shop.audit_log"));
        migration.getSpec().setBlueGreen(blueGreen);
      }
      RecordingAppRouting routing = new RecordingAppRouting();
      MigrationTimings timings = MigrationTimings.defaults().scaled(factor);
      WorkflowRunner[] self = new WorkflowRunner[1];
      self[0] = new WorkflowRunner(migration, UpgradePlanner.fromEngineVersions(), (m, tasks) -> new MigrationContext(
          m, MotoServer.REGION, regions.clusters(MotoServer.REGION), routing, routing, PostgresServers.jdbc(),
          new JdbcDataComparison(), (ns, ref) -> SecretValue.of(MASTER_PASSWORD), tasks, timings, self[0].clock, null)
          .withBlueGreenSql(BlueGreenSql.jdbc()));
      try (WorkflowRunner runner = self[0];
          ShopWriteLoad load = ShopWriteLoad.start(() -> whereTheAppConnects(aurora, routing), DATABASE, PACE)) {
        Duration offset = WindowBenchmark.runInRealTime(runner);
        load.close();
        AuroraMigrationStatus status = runner.persisted.getStatus();
        if (runner.phase() != MigrationPhase.Completed) {
          throw new IllegalStateException(strategy + ": migration ended " + runner.phase() + ": " + status.getMessage());
        }
        String ended = strategy == MigrationStrategy.BlueGreen ? SOURCE : TARGET;
        List<String> lost;
        try (Connection c = aurora.connect(ended, DATABASE, MASTER, MASTER_PASSWORD)) {
          lost = load.missingOn(c);
        }
        lost.stream().limit(5).forEach(l -> System.out.println(strategy + ": lost " + l));
        return result(strategy, status, load, offset, lost.size(), dataPlaneFence(aurora, status));
      }
    }
  }

  private static Result result(MigrationStrategy strategy, AuroraMigrationStatus status, ShopWriteLoad load,
      Duration offset, int lost, Duration fence) {
    Instant windowStart;
    Instant windowEnd;
    if (strategy == MigrationStrategy.BlueGreen) {
      BlueGreenStatus bg = status.getBlueGreen();
      windowStart = Instant.parse(bg.getSwitchoverStartedAt());
      windowEnd = Instant.parse(bg.getSwitchoverCompletedAt());
    } else {
      windowStart = Instant.parse(status.getReadOnlyWindow().getStartedAt());
      windowEnd = Instant.parse(status.getReadOnlyWindow().getEndedAt());
    }
    // Status times are the runner's clock; the load's are wall time: the runner's clock runs at offset.
    Instant realStart = windowStart.minus(offset);
    Duration before = Duration.ZERO;
    Duration total = Duration.ZERO;
    Duration longestInWindow = Duration.ZERO;
    for (ShopWriteLoad.Blocked b : load.blocked()) {
      total = total.plus(b.length());
      // A stretch that ended more than a second before the window began (the conversion, the reboot) is apart.
      if (b.startedAt().plus(b.length()).isBefore(realStart.minusSeconds(1))) {
        before = before.plus(b.length());
      } else if (b.length().compareTo(longestInWindow) > 0) {
        longestInWindow = b.length();
      }
    }
    java.sql.SQLException unexpected = load.unexpected();
    return new Result(strategy, Duration.between(windowStart, windowEnd), longestInWindow, total, before, fence,
        load.rounds(), lost, unexpected == null ? null : unexpected.getSQLState() + " " + unexpected.getMessage());
  }

  /** The data plane's own measure of the switchover: from blue's fence to green serving on blue's endpoint. */
  private static Duration dataPlaneFence(LocalAurora aurora, AuroraMigrationStatus status) {
    if (status.getBlueGreen() == null || status.getBlueGreen().getDeploymentId() == null) {
      return null;
    }
    return aurora.blueGreenDeployment(status.getBlueGreen().getDeploymentId())
        .filter(d -> d.blockedMillis() >= 0)
        .map(d -> Duration.ofMillis(d.blockedMillis()))
        .orElse(null);
  }

  /** Where the connection Secret points once cutover wrote it; the source's endpoint before (and for BlueGreen). */
  private static ShopWriteLoad.Endpoint whereTheAppConnects(LocalAurora aurora, RecordingAppRouting routing) {
    synchronized (routing) {
      var secret = routing.secrets.values().stream().reduce((a, b) -> b);
      if (secret.isPresent()) {
        return new ShopWriteLoad.Endpoint(secret.get().host(), secret.get().port());
      }
    }
    ClusterRecord source = aurora.cluster(SOURCE).orElseThrow();
    return new ShopWriteLoad.Endpoint(source.host(), source.port());
  }

  private static void print(Result snapshot, Result blueGreen) {
    System.out.println();
    System.out.println("strategy          window in status           app: longest blocked in it   app: blocked before"
        + "   data plane fence   rounds   lost   unexpected refusal");
    for (Result r : List.of(snapshot, blueGreen)) {
      System.out.printf(Locale.ROOT, "%-17s %-26s %28s %21s %18s %8d %6d   %s%n", r.strategy(),
          (r.strategy() == MigrationStrategy.BlueGreen ? "switchover " : "read-only ") + s(r.statusWindow()),
          s(r.appLongest()), s(r.appBeforeDeployment()), r.dataPlaneFence() == null ? "-" : s(r.dataPlaneFence()),
          r.rounds(), r.lost(), r.unexpected() == null ? "none" : r.unexpected());
    }
    System.out.println();
    System.out.printf(Locale.ROOT, "BlueGreen / SnapshotRestore, window in status: %.3f; as the application saw it:"
        + " %.3f (goal <= 0.100)%n", ratio(blueGreen.statusWindow(), snapshot.statusWindow()),
        ratio(blueGreen.appLongest(), snapshot.appLongest()));
    System.out.println("'blocked before': BlueGreen's planned downtime ahead of the deployment (engine-mode conversion"
        + " failover, reboot for rds.logical_replication), scheduled by the team, not part of the switchover.");
  }

  private static double ratio(Duration a, Duration b) {
    return b.isZero() ? Double.NaN : (double) a.toMillis() / b.toMillis();
  }

  private static void writeCsv(double factor, List<Result> results) throws Exception {
    Path dir = Path.of(System.getProperty("bench.results", "../bench/results"));
    Files.createDirectories(dir);
    String date = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
    Path file = dir.resolve("bluegreen-window-1to" + Math.round(1 / factor) + "-" + date + ".csv");
    List<String> lines = new ArrayList<>();
    lines.add("date,cores,scale,strategy,status_window_s,app_longest_blocked_s,app_blocked_total_s,"
        + "app_blocked_before_deployment_s,data_plane_fence_s,rounds,lost");
    for (Result r : results) {
      lines.add(String.format(Locale.ROOT, "%s,%d,1/%d,%s,%.3f,%.3f,%.3f,%.3f,%s,%d,%d", date,
          Runtime.getRuntime().availableProcessors(), Math.round(1 / factor), r.strategy(), sec(r.statusWindow()),
          sec(r.appLongest()), sec(r.appTotal()), sec(r.appBeforeDeployment()),
          r.dataPlaneFence() == null ? "" : String.format(Locale.ROOT, "%.3f", sec(r.dataPlaneFence())), r.rounds(),
          r.lost()));
    }
    Files.write(file, lines);
    System.out.println("wrote " + file.normalize());
  }

  private static double sec(Duration d) {
    return d.toMillis() / 1000.0;
  }

  private static String s(Duration d) {
    return String.format(Locale.ROOT, "%.2f s", sec(d));
  }
}
