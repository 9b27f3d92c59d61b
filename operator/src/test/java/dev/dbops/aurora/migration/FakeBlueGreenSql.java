package dev.dbops.aurora.migration;

import dev.dbops.aurora.postgres.CarriedSequence;
import dev.dbops.aurora.postgres.DriftFinding;
import dev.dbops.aurora.postgres.PostgresServer;
import dev.dbops.aurora.postgres.ReplicaIdentityFull;
import dev.dbops.aurora.postgres.ReplicationLag;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The BlueGreen strategy's SQL for tests on fake servers: what blue and green answer is what the test sets; every
 * call is counted, with whether it went to blue and green (FakeDatabases' source and target).
 */
final class FakeBlueGreenSql {
  final List<String> calls = new ArrayList<>();
  final List<DriftFinding> drift = new ArrayList<>();
  Optional<ReplicationLag.Lag> lag = Optional.of(new ReplicationLag.Lag(0.4, 0, 1));
  final List<CarriedSequence> sequences = new ArrayList<>(List.of(new CarriedSequence(
      "app.public.orders_id_seq", "public.orders.id", CarriedSequence.Outcome.MOVED, 1001L, 1L, 2001L)));

  BlueGreenSql sql(FakeDatabases databases) {
    return new BlueGreenSql(
        (blue, green, dbs) -> {
          calls.add("carry " + side(databases, blue) + "→" + side(databases, green));
          return List.copyOf(sequences);
        },
        (blue, green, dbs) -> {
          calls.add("drift " + side(databases, blue) + "/" + side(databases, green));
          return List.copyOf(drift);
        },
        (blue, database, patience) -> {
          calls.add("lag " + side(databases, blue));
          return lag;
        },
        (server, tables) -> {
          calls.add("replicaIdentityFull " + side(databases, server) + " " + String.join(",", tables));
          List<String> missing = tables.stream().filter(t -> !t.startsWith("app.")).toList();
          return new ReplicaIdentityFull.Result(tables.stream().filter(t -> !missing.contains(t)).toList(), List.of(), missing);
        });
  }

  private static String side(FakeDatabases databases, PostgresServer server) {
    return server == databases.source ? "blue" : server == databases.target ? "green" : "other";
  }
}
