package dev.dbops.aurora.testing.aurora;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state dir: {@code clusters/<id>.json} and {@code snapshots/<id>.json} (the records),
 * {@code clusters/<id>/} and {@code snapshots/<id>/} (the data directories), and {@code local-aurora.log},
 * one line per storage action, which tests and the e2e scenario read (e.g. to count restores).
 * Records are read from memory and written through to disk, each file replaced atomically.
 */
final class DataPlaneState {
  static final String LOG = "local-aurora.log";
  private static final Logger log = LoggerFactory.getLogger(LocalAurora.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final Map<String, ClusterRecord> clusters = new ConcurrentHashMap<>();
  private final Map<String, SnapshotRecord> snapshots = new ConcurrentHashMap<>();
  private final Map<String, BlueGreenRecord> deployments = new ConcurrentHashMap<>();

  DataPlaneState(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir.resolve("clusters"));
      Files.createDirectories(dir.resolve("snapshots"));
      Files.createDirectories(dir.resolve("bluegreen"));
      // The servers run as nobody (when the JVM is root) and must be able to reach their directories.
      for (Path p : new Path[] {dir, dir.resolve("clusters"), dir.resolve("snapshots")}) {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
      load("clusters", ClusterRecord.class, clusters);
      load("snapshots", SnapshotRecord.class, snapshots);
      load("bluegreen", BlueGreenRecord.class, deployments);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot use " + dir + " as the local Aurora state dir", e);
    }
  }

  Path dir() {
    return dir;
  }

  Path clusterDir(String identifier) {
    return dir.resolve("clusters").resolve(identifier);
  }

  Path snapshotDir(String identifier) {
    return dir.resolve("snapshots").resolve(identifier);
  }

  Optional<ClusterRecord> cluster(String identifier) {
    return Optional.ofNullable(clusters.get(identifier));
  }

  Optional<SnapshotRecord> snapshot(String identifier) {
    return Optional.ofNullable(snapshots.get(identifier));
  }

  Iterable<ClusterRecord> clusters() {
    return clusters.values();
  }

  void save(ClusterRecord record) {
    write(dir.resolve("clusters").resolve(record.identifier() + ".json"), record);
    clusters.put(record.identifier(), record);
  }

  void save(SnapshotRecord record) {
    write(dir.resolve("snapshots").resolve(record.identifier() + ".json"), record);
    snapshots.put(record.identifier(), record);
  }

  Optional<BlueGreenRecord> deployment(String identifier) {
    return Optional.ofNullable(deployments.get(identifier));
  }

  void save(BlueGreenRecord record) {
    write(dir.resolve("bluegreen").resolve(record.identifier() + ".json"), record);
    deployments.put(record.identifier(), record);
  }

  /** Replaces the record of {@code oldIdentifier} by {@code record} (a cluster renamed at switchover). */
  void rename(String oldIdentifier, ClusterRecord record) {
    save(record);
    if (!oldIdentifier.equals(record.identifier()) && clusters.get(oldIdentifier) != null
        && clusters.get(oldIdentifier).dataDir().equals(record.dataDir())) {
      clusters.remove(oldIdentifier);
      try {
        Files.deleteIfExists(dir.resolve("clusters").resolve(oldIdentifier + ".json"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** One line in local-aurora.log and in the process log. Never given a password. */
  void record(String line) {
    log.info("local Aurora: {}", line);
    try {
      Files.writeString(dir.resolve(LOG), Instant.now() + " " + line + "\n",
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      log.warn("cannot append to {}: {}", dir.resolve(LOG), e.getMessage());
    }
  }

  private static <T> void write(Path file, T record) {
    try {
      Path partial = file.resolveSibling(file.getFileName() + ".partial");
      Files.write(partial, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(record));
      Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private <T> void load(String kind, Class<T> type, Map<String, T> into) throws IOException {
    try (var files = Files.list(dir.resolve(kind))) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String name = f.getFileName().toString();
        if (name.endsWith(".json")) {
          into.put(name.substring(0, name.length() - ".json".length()), JSON.readValue(f.toFile(), type));
        }
      }
    }
  }
}
