package dev.dbops.aurora.testing;

import dev.dbops.aurora.aws.AwsSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * JUnit 5 extension giving tests a moto server (AWS emulator) with empty state before each test.
 *
 * <p>Uses MOTO_URL when set; otherwise starts {@code moto_server} from $MOTO_SERVER_BIN,
 * {@code <repo>/.venv/bin/moto_server} (made by {@code .ci/install-moto.sh}) or the PATH, once per JVM on
 * a free loopback port, and stops it when the JVM exits. Without moto the tests fail rather than skip: a
 * skipped AWS suite would look green while testing nothing.
 */
public final class MotoServer implements BeforeEachCallback {
  public static final String REGION = "us-east-1";
  private static final Duration STARTUP_LIMIT = Duration.ofSeconds(60);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static URI endpoint;

  @Override
  public void beforeEach(ExtensionContext context) {
    reset();
  }

  /** The server's base URL, starting it on first use. */
  public static synchronized URI endpoint() {
    if (endpoint == null) {
      endpoint = Optional.ofNullable(System.getenv("MOTO_URL")).filter(s -> !s.isBlank()).map(URI::create)
          .orElseGet(MotoServer::start);
      useDummyCredentialsByDefault();
    }
    return endpoint;
  }

  /** Settings for SdkAwsRegions pointing at moto: us-east-1, the given inventory age, 3 attempts. */
  public static AwsSettings settings(Duration inventoryRefreshInterval) {
    return new AwsSettings(REGION, Optional.of(endpoint()), inventoryRefreshInterval, 3);
  }

  public static AwsSettings settings() {
    return settings(Duration.ofMinutes(5));
  }

  /** moto accepts any credentials; real-looking static ones keep the SDK from searching the chain. */
  public static AwsCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
  }

  /** Drops every resource moto holds, in every region. */
  public static void reset() {
    try {
      HttpResponse<String> response = HTTP.send(
          HttpRequest.newBuilder(endpoint().resolve("/moto-api/reset")).POST(HttpRequest.BodyPublishers.noBody())
              .timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("moto reset answered HTTP " + response.statusCode());
      }
    } catch (IOException e) {
      throw new IllegalStateException("moto at " + endpoint + " did not answer the reset", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  // Code under test that builds SdkAwsRegions(settings) uses the default chain; without these it would
  // end up asking the instance metadata service, which takes seconds to time out on a laptop or CI.
  private static void useDummyCredentialsByDefault() {
    if (System.getProperty("aws.accessKeyId") == null && System.getenv("AWS_ACCESS_KEY_ID") == null) {
      System.setProperty("aws.accessKeyId", "testing");
      System.setProperty("aws.secretAccessKey", "testing");
    }
  }

  private static URI start() {
    Path binary = findBinary().orElseThrow(() -> new IllegalStateException(
        "moto_server not found. Install it with .ci/install-moto.sh (creates <repo>/.venv with a pinned "
            + "moto[server]), or set MOTO_SERVER_BIN to a moto_server binary, or MOTO_URL to a running server."));
    int port = freePort();
    URI uri = URI.create("http://127.0.0.1:" + port);
    Process process;
    try {
      Path log = Files.createTempFile("moto-server-", ".log");
      process = new ProcessBuilder(binary.toString(), "-H", "127.0.0.1", "-p", String.valueOf(port))
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(process)));
      awaitAnswer(uri, process, log);
    } catch (IOException e) {
      throw new IllegalStateException("could not start " + binary, e);
    }
    return uri;
  }

  private static void stop(Process process) {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
  }

  private static void awaitAnswer(URI uri, Process process, Path log) throws IOException {
    Instant deadline = Instant.now().plus(STARTUP_LIMIT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("moto_server exited with " + process.exitValue() + ":\n" + Files.readString(log));
      }
      try {
        HTTP.send(HttpRequest.newBuilder(uri.resolve("/moto-api/")).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.discarding());
        return;
      } catch (IOException notYet) {
        sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    stop(process);
    throw new IllegalStateException("moto_server did not answer within " + STARTUP_LIMIT + "; log: " + log);
  }

  private static Optional<Path> findBinary() {
    String configured = System.getenv("MOTO_SERVER_BIN");
    if (configured != null && !configured.isBlank()) {
      return Optional.of(Paths.get(configured)).filter(Files::isExecutable);
    }
    Optional<Path> inVenv = repoRoot().map(root -> root.resolve(".venv/bin/moto_server")).filter(Files::isExecutable);
    if (inVenv.isPresent()) {
      return inVenv;
    }
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.of(path.split(java.io.File.pathSeparator))
        .filter(dir -> !dir.isBlank())
        .map(dir -> Paths.get(dir, "moto_server"))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /** The directory holding .ci/install-moto.sh, searched upwards from the working directory. */
  private static Optional<Path> repoRoot() {
    for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve(".ci/install-moto.sh"))) {
        return Optional.of(dir);
      }
    }
    return Optional.empty();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free loopback port", e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
