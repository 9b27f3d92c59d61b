package dev.dbops.aurora.cluster;

import static dev.dbops.aurora.cluster.DatabaseClusterReconcilerTest.cluster;
import static dev.dbops.aurora.cluster.DatabaseClusterReconcilerTest.eventually;
import static dev.dbops.aurora.cluster.RunningOperator.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.model.cluster.ClusterPhase;
import dev.dbops.aurora.model.cluster.DatabaseCluster;
import dev.dbops.aurora.status.Conditions;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A resync of a DatabaseCluster whose status, Secrets and events did not change sends nothing to the API
 * server: no status patch that rewrites the same status, no Secret GET (the informer cache answers), no
 * Secret update, no event. At fleet size this is the operator's whole steady-state Kubernetes traffic.
 */
class SteadyStateRequestsTest {
  private static final int CLUSTERS = 3;
  private static final int RESYNCS = 3;

  @RegisterExtension
  final RunningOperator op = RunningOperator.withMasterPasswordSecret();

  @Test
  void resyncsOfUnchangedClustersSendNoRequest() throws Exception {
    List<String> names = IntStream.range(0, CLUSTERS).mapToObj(i -> "fleet-" + i).toList();
    names.forEach(name -> op.client.resource(cluster(name, s -> {})).create());
    eventually(Duration.ofSeconds(30)).untilAsserted(() -> names.forEach(name -> {
      DatabaseCluster dbc = op.get(name);
      assertThat(dbc.getStatus().getPhase()).isEqualTo(ClusterPhase.Available);
      assertThat(Conditions.isTrue(dbc.getStatus().getConditions(), Conditions.READY)).isTrue();
      assertThat(op.client.secrets().inNamespace(NAMESPACE).withName(name + "-connection").get()).isNotNull();
    }));
    // Let the reconciles caused by the last writes (status, connection Secret) run out.
    Thread.sleep(RunningOperator.FAST.resync().toMillis() / 2);
    drainRequests();
    long findsBefore = op.api().calls("findCluster").size();

    Thread.sleep(RunningOperator.FAST.resync().multipliedBy(RESYNCS).plusMillis(500).toMillis());

    List<String> requests = drainRequests();
    // The resyncs did run: each cluster was looked up in AWS about once per interval. One grid point per
    // cluster may be skipped (a reconcile that runs late waits for the next one), so one interval is spared.
    assertThat(op.api().calls("findCluster").size() - findsBefore)
        .isGreaterThanOrEqualTo((long) CLUSTERS * (RESYNCS - 1));
    assertThat(requests).as("API requests during %d idle resyncs of %d clusters", RESYNCS, CLUSTERS).isEmpty();
  }

  /** Requests recorded since the last drain, as "METHOD path", leaving out the informers' long-running watches. */
  private List<String> drainRequests() throws InterruptedException {
    List<String> seen = new ArrayList<>();
    for (RecordedRequest r = op.server.takeRequest(50, TimeUnit.MILLISECONDS); r != null;
        r = op.server.takeRequest(50, TimeUnit.MILLISECONDS)) {
      if (!r.getPath().contains("watch=true")) {
        seen.add(r.getMethod() + " " + r.getPath());
      }
    }
    return seen;
  }
}
