package dev.dbops.aurora.testing.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The full PostgreSQL server binaries that {@code .ci/install-postgres.sh} unpacks from Debian's packages
 * (13 from bullseye, 15 from bookworm): unlike the zonky jars they carry pg_upgrade, pg_basebackup,
 * pg_controldata and pg_dump.
 *
 * <p>PostgreSQL refuses to run as root, and this project's machines and CI run as root; so when the JVM
 * is root, every tool runs as {@code nobody} through {@code setpriv}, and the data directories it uses
 * must belong to nobody ({@link #ownDirectory}).
 */
public final class PostgresInstallation {
  /** Who runs the servers when the JVM is root: Debian's nobody/nogroup. */
  static final int NOBODY = 65534;

  private static final Duration TOOL_LIMIT = Duration.ofMinutes(5);
  private static volatile PostgresInstallation local;

  private final Path root;
  private final boolean asNobody;

  private PostgresInstallation(Path root, boolean asNobody) {
    this.root = root;
    this.asNobody = asNobody;
  }

  /** The installation in AURORA_PG_CACHE, or the script's default; fails with what to run when absent. */
  public static PostgresInstallation local() {
    if (local == null) {
      synchronized (PostgresInstallation.class) {
        if (local == null) {
          boolean root = "root".equals(System.getProperty("user.name"));
          String cache = System.getenv("AURORA_PG_CACHE");
          Path dir = cache != null && !cache.isBlank()
              ? Path.of(cache)
              : root ? Path.of("/var/cache/aurora-operator-postgres")
                  : Path.of(System.getProperty("user.home"), ".cache", "aurora-operator-postgres");
          Path installed = dir.resolve("root");
          if (!Files.isRegularFile(installed.resolve(".stamp"))) {
            throw new IllegalStateException("no PostgreSQL server binaries in " + installed
                + "; run bash .ci/install-postgres.sh (README's test command does)");
          }
          local = new PostgresInstallation(installed, root);
        }
      }
    }
    return local;
  }

  /** The bin directory of one major version, e.g. 13 or 15. */
  public Path bin(int major) {
    Path bin = root.resolve("usr/lib/postgresql/" + major + "/bin");
    if (!Files.isDirectory(bin)) {
      throw new IllegalStateException("no PostgreSQL " + major + " in " + root + " (installed: 13 and 15)");
    }
    return bin;
  }

  /** The full version of one major's server, e.g. "13.23", as {@code postgres --version} prints it. */
  public String version(int major) {
    String out = run(major, "postgres", List.of("--version"), root).output().trim();
    // "postgres (PostgreSQL) 13.23 (Debian 13.23-0+deb11u4)"
    return out.split("\\s+")[2];
  }

  /** Gives a directory (and what is in it) to the user the servers run as. */
  public void ownDirectory(Path dir) {
    if (!asNobody) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        Files.setAttribute(p, "unix:uid", NOBODY, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:gid", NOBODY, java.nio.file.LinkOption.NOFOLLOW_LINKS);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot give " + dir + " to nobody", e);
    }
  }

  /** What a tool printed (stdout and stderr together) and how it ended. */
  public record Result(int exitCode, String output) {
    public boolean ok() {
      return exitCode == 0;
    }
  }

  /**
   * Runs one tool of a major version in {@code workDir} (pg_upgrade writes its logs there, so it must be
   * writable by the servers' user), and waits for it. A non-zero exit is returned, not thrown: pg_upgrade's
   * refusals are results for the corpus test.
   */
  public Result run(int major, String tool, List<String> args, Path workDir) {
    return run(major, tool, args, workDir, Map.of());
  }

  public Result run(int major, String tool, List<String> args, Path workDir, Map<String, String> environment) {
    List<String> command = new ArrayList<>();
    if (asNobody) {
      command.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
    }
    command.add(bin(major).resolve(tool).toString());
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
    builder.environment().put("LD_LIBRARY_PATH", root.resolve("usr/lib/x86_64-linux-gnu").toString());
    // Locale and time zone of the children must not depend on the developer's shell.
    builder.environment().put("LC_ALL", "C.UTF-8");
    builder.environment().remove("PGDATA");
    builder.environment().remove("PGPORT");
    builder.environment().putAll(environment);
    try {
      // Output goes to a file, not a pipe: a server started by pg_ctl could otherwise hold the pipe open.
      Path log = Files.createTempFile("postgres-" + tool, ".log");
      try {
        builder.redirectOutput(log.toFile());
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(TOOL_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException(tool + " " + major + " ran longer than " + TOOL_LIMIT + ":\n"
              + Files.readString(log));
        }
        return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(log);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + tool + " " + major, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + tool, e);
    }
  }

  /** As {@link #run}, but a non-zero exit throws with the tool's output. */
  public String runOrThrow(int major, String tool, List<String> args, Path workDir) {
    Result result = run(major, tool, args, workDir);
    if (!result.ok()) {
      throw new IllegalStateException(tool + " " + major + " " + String.join(" ", args) + " failed (exit "
          + result.exitCode() + "):\n" + result.output());
    }
    return result.output();
  }
}
