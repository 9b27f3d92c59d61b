package dev.dbops.aurora.testing.inmemoryrds;

import dev.dbops.aurora.aws.AwsException;
import dev.dbops.aurora.testing.inmemoryrds.InMemoryRds.Call;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** Every call the fake answered, in order, and the failures a test asked to be thrown at writes. */
final class CallLog {
  private static final Set<String> READS = Set.of("findCluster", "findInstances", "refresh", "findSnapshot",
      "clusterParameterGroupExists", "clusterParameterGroupFamily", "instanceParameterGroupFamily",
      "userClusterParameters", "clusterParameterNames", "replicationOf", "proxiesTargeting");

  private record Failure(AwsException error, int remaining) {}

  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final Map<String, Failure> failures = new HashMap<>();

  void read(String method, String id) {
    calls.add(new Call(method, id, "", System.currentTimeMillis()));
  }

  /** Logs a write, then throws the failure injected for its method, if any is left. */
  void write(String method, String id, String detail) {
    calls.add(new Call(method, id, detail.strip(), System.currentTimeMillis()));
    Failure f = failures.get(method);
    if (f != null && f.remaining() > 0) {
      failures.put(method, new Failure(f.error(), f.remaining() == Integer.MAX_VALUE ? f.remaining() : f.remaining() - 1));
      throw f.error();
    }
  }

  void fail(String method, AwsException error, int times) {
    failures.put(method, new Failure(error, times));
  }

  List<Call> calls() {
    return List.copyOf(calls);
  }

  List<String> writes() {
    return calls.stream().filter(c -> !READS.contains(c.method())).map(Call::line).toList();
  }
}
