package dev.dbops.aurora.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.model.cluster.DatabaseCluster;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClusterEventsTest {
  final KubernetesMockServer server = new KubernetesMockServer(
      new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
  KubernetesClient client;

  @BeforeEach
  void start() {
    server.init();
    client = server.createClient();
  }

  @AfterEach
  void stop() {
    client.close();
    server.destroy();
  }

  static DatabaseCluster resource(String name, String uid) {
    DatabaseCluster dbc = new DatabaseCluster();
    dbc.getMetadata().setName(name);
    dbc.getMetadata().setNamespace("apps");
    dbc.getMetadata().setUid(uid);
    return dbc;
  }

  List<Event> events() {
    return client.v1().events().inNamespace("apps").list().getItems();
  }

  @Test
  void aRepeatedEventBumpsTheCountOfOneEventInsteadOfAddingAnother() {
    ClusterEvents events = new ClusterEvents(client);
    DatabaseCluster orders = resource("orders", "uid-1");

    events.warning(orders, "InvalidParameterCombination", "Serverless v2 is not available");
    events.warning(orders, "InvalidParameterCombination", "Serverless v2 is not available");
    events.warning(orders, "InvalidParameterCombination", "Serverless v2 is not available");
    events.warning(orders, "InvalidParameterCombination", "another message");
    events.warning(resource("billing", "uid-2"), "InvalidParameterCombination", "Serverless v2 is not available");

    assertThat(events()).hasSize(3);
    assertThat(events()).filteredOn(e -> e.getInvolvedObject().getName().equals("orders")
            && e.getMessage().equals("Serverless v2 is not available"))
        .singleElement().satisfies(e -> assertThat(e.getCount()).isEqualTo(3));
  }

  @Test
  void anEventThatExpiredIsRecordedAnew() {
    ClusterEvents events = new ClusterEvents(client);
    DatabaseCluster orders = resource("orders", "uid-1");
    events.normal(orders, "Updating", "modified cluster (scaling 0.5-8.0 ACU)");
    client.v1().events().inNamespace("apps").delete(); // the API server drops events after their TTL

    events.normal(orders, "Updating", "modified cluster (scaling 0.5-8.0 ACU)");

    assertThat(events()).singleElement().satisfies(e -> assertThat(e.getCount()).isEqualTo(1));
  }
}
