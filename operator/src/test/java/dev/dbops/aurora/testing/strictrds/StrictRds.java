package dev.dbops.aurora.testing.strictrds;

import dev.dbops.aurora.testing.rds.Downstream;
import dev.dbops.aurora.testing.rds.QueryRequest;
import dev.dbops.aurora.testing.rds.RdsError;
import dev.dbops.aurora.testing.rds.RdsExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTP stage in front of moto (or another stage) that answers the RDS Query API as strictly as RDS:
 * transitions that take time, writes refused while a resource is in transition, RDS's identifier rules and
 * lower-casing, describes that lag creates, and throttling and 5xx answers from a seeded random sequence.
 * Requests for other services (CloudWatch, STS …) pass through untouched.
 *
 * <p>Each concern is its own class. The plumbing it shares with the local Aurora is in {@code testing.rds}:
 * {@link RdsExchange} and {@link Downstream} forward, {@link QueryRequest} parses, {@link RdsError} and
 * {@code RdsXml} write answers. Its own rules are here: {@link StateClock} times transitions,
 * {@link IdentifierRules} checks names, {@link FaultInjector} injects faults, and {@link ActionRules}
 * maps each Action to its rules. docs/testing.md lists what it enforces and what RDS does that it does not.
 */
public final class StrictRds implements AutoCloseable {
  private final Settings settings;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(8, r -> {
    Thread t = new Thread(r, "strict-rds");
    t.setDaemon(true);
    return t;
  });
  private final Downstream downstream;
  private final StateClock clock;
  private final ActionRules rules;
  private final FaultInjector faults;
  private final RequestRate rate;

  private StrictRds(URI downstream, Settings settings, int port) {
    this.settings = settings;
    this.downstream = new Downstream(downstream);
    this.clock = new StateClock(Clock.systemUTC());
    this.rules = new ActionRules(settings, clock, this.downstream);
    this.faults = new FaultInjector(settings.faultRate(), settings.lostAnswerRate(), settings.lostAnswerActions(),
        settings.seed());
    this.rate = new RequestRate(settings.rateLimit(), System::nanoTime);
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.setExecutor(executor);
    server.createContext("/", RdsExchange.handler(this.downstream, this::handle));
    server.start();
  }

  /** Starts a stage on a free loopback port that forwards to {@code downstream}. */
  public static StrictRds inFrontOf(URI downstream, Settings settings) {
    return new StrictRds(downstream, settings, 0);
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public Settings settings() {
    return settings;
  }

  /** When each transition started and ended and when each request arrived, by this stage's clock. */
  public Timeline timeline() {
    return clock.timeline();
  }

  /** Requests seen and faults injected so far. */
  public FaultCounts counts() {
    return faults.counts();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(RdsExchange exchange, QueryRequest request) throws IOException {
    clock.timeline().request(clock.now(), request.action());
    rules.normalise(request);
    RdsCall call = new RdsCall(request, exchange.authorization());
    if (!rate.admit()) {
      faults.throttled(call.action());
      exchange.answer(RdsError.throttling());
      return;
    }
    Optional<FaultInjector.Fault> fault = faults.decide(call.action());
    if (fault.isPresent() && fault.get() != FaultInjector.Fault.LOST_ANSWER) {
      exchange.answer(fault.get().answer());
      return;
    }
    Optional<byte[]> local;
    try {
      Optional<RdsError> refusal = rules.check(call);
      if (refusal.isPresent()) {
        throw refusal.get();
      }
      local = rules.answerLocally(call);
    } catch (RdsError refusal) {
      faults.refused(call.action(), refusal.code());
      exchange.answer(refusal);
      return;
    }
    if (local.isPresent()) {
      exchange.answer(200, local.get());
      return;
    }
    Downstream.Answer answer = exchange.forward(downstream, rules.forwarded(call));
    if (answer.status() / 100 != 2) {
      if (answer.status() >= 500) {
        faults.serverErrorRelayed(call.action());
      }
      exchange.relay(answer);
      return;
    }
    byte[] rewritten = rules.after(call, answer.body());
    if (fault.isPresent()) {
      faults.lostAnswerApplied(call.action());
      // It happened downstream; the caller is told it failed, as when RDS's answer is lost on the way.
      exchange.answer(fault.get().answer());
      return;
    }
    exchange.answer(200, rewritten);
  }

  /**
   * For e2e: {@code StrictRds downstream=URL [port-file=PATH] [port=N] [preset=instant|realistic]
   * [fault-rate=0.2] [lost-answer-rate=0] [seed=1] [consistency-ms=500] [throttle-burst=300]
   * [throttle-per-second=12] [downstream-pages=true] [timeline-file=PATH]}; no throttling unless throttle-per-second is set
   * (throttle-burst defaults to RDS's 300), downstream-pages when the next stage pages DescribeDBClusters
   * (bench/moto_fleet.py), timeline-file appends one line per transition as it begins ({@link TimelineFile});
   * each key also read from the
   * environment as STRICT_RDS_&lt;KEY&gt; (upper case, dashes as underscores). Writes the port to the
   * port file once it listens, and runs until killed.
   */
  public static void main(String[] args) throws IOException {
    Map<String, String> options = new java.util.HashMap<>();
    for (String key : List.of("downstream", "port-file", "port", "preset", "fault-rate", "lost-answer-rate", "seed",
        "consistency-ms", "throttle-burst", "throttle-per-second", "downstream-pages", "timeline-file")) {
      String env = System.getenv("STRICT_RDS_" + key.toUpperCase().replace('-', '_'));
      if (env != null && !env.isBlank()) {
        options.put(key, env);
      }
    }
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("expected key=value, got " + arg);
      }
      options.put(arg.substring(0, eq).replaceFirst("^--", ""), arg.substring(eq + 1));
    }
    String target = options.get("downstream");
    if (target == null) {
      throw new IllegalArgumentException("downstream=URL (or STRICT_RDS_DOWNSTREAM) is required");
    }
    Settings settings = "instant".equals(options.getOrDefault("preset", "realistic"))
        ? Settings.instant() : Settings.realisticScaledDown();
    settings = settings.withFaults(Double.parseDouble(options.getOrDefault("fault-rate", "0")),
            Long.parseLong(options.getOrDefault("seed", "1")))
        .withLostAnswers(Double.parseDouble(options.getOrDefault("lost-answer-rate", "0")));
    if (options.containsKey("consistency-ms")) {
      settings = settings.withConsistencyDelay(Duration.ofMillis(Long.parseLong(options.get("consistency-ms"))));
    }
    if (options.containsKey("throttle-per-second")) {
      settings = settings.withRateLimit(new Settings.RateLimit(
          Integer.parseInt(options.getOrDefault("throttle-burst", "300")),
          Double.parseDouble(options.get("throttle-per-second"))));
    }
    if (Boolean.parseBoolean(options.getOrDefault("downstream-pages", "false"))) {
      settings = settings.withDownstreamPaging();
    }
    StrictRds stage = new StrictRds(URI.create(target), settings, Integer.parseInt(options.getOrDefault("port", "0")));
    if (options.containsKey("timeline-file")) {
      stage.timeline().alsoTo(new TimelineFile(Path.of(options.get("timeline-file"))));
    }
    int port = stage.server.getAddress().getPort();
    if (options.containsKey("port-file")) {
      Path file = Path.of(options.get("port-file"));
      Path partial = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(partial, String.valueOf(port));
      Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
    System.out.println("StrictRds listening on " + stage.endpoint() + " in front of " + target + " with " + settings);
  }
}
