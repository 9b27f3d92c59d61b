package dev.dbops.aurora.datadog;

import static dev.dbops.aurora.datadog.DatadogMonitoringOnLoopbackTest.cluster;
import static dev.dbops.aurora.datadog.DatadogMonitoringOnLoopbackTest.status;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbops.aurora.aws.SecretValue;
import dev.dbops.aurora.model.DatadogMonitoringSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Temporary: records what Datadog's own client sent, before it is replaced. */
class CaptureOldClientTest {
  @Test
  void capture() throws Exception {
    try (FakeDatadog datadog = new FakeDatadog()) {
      DatadogConnection connection = new DatadogConnection("datadoghq.eu", SecretValue.of("k1"), SecretValue.of("k2"),
          Optional.of(datadog.endpoint()));
      DatadogMonitoringSpec spec = new DatadogMonitoringSpec();
      spec.setNotify(List.of("@slack-db-alerts"));
      var first = new DatadogMonitoring(ClientDatadogApi::new).apply(cluster(80.0), spec, connection, null);
      new DatadogMonitoring(ClientDatadogApi::new).apply(cluster(65.0), spec, connection, status(first));
      new DatadogMonitoring(ClientDatadogApi::new).remove(cluster(65.0), connection);
      ArrayNode out = FakeDatadog.JSON.createArrayNode();
      for (FakeDatadog.Request r : datadog.requests) {
        ObjectNode o = out.addObject().put("method", r.method()).put("path", r.path()).put("query", r.query());
        ObjectNode h = o.putObject("headers");
        r.headers().forEach((k, v) -> h.put(k, String.join(",", v)));
        o.set("body", r.body());
      }
      Files.writeString(Path.of("/tmp/slim/old-client-requests.json"),
          FakeDatadog.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out));
    }
  }
}
