package dev.dbops.aurora.testing.aurora;

import com.sun.net.httpserver.HttpHandler;
import dev.dbops.aurora.testing.rds.Downstream;
import dev.dbops.aurora.testing.rds.QueryRequest;
import dev.dbops.aurora.testing.rds.RdsError;
import dev.dbops.aurora.testing.rds.RdsExchange;
import dev.dbops.aurora.testing.rds.RdsXml;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP part of the proxy: every request goes to moto as it came (method, path, query, body and
 * headers, signature included); RDS calls pass {@link RdsActions} on the way there and back, and their
 * answers show the data plane's endpoints ({@link EndpointView}). Calls of other services are not touched.
 */
final class MotoForwarder {
  private static final Logger log = LoggerFactory.getLogger(MotoForwarder.class);

  private final Downstream moto;
  private final RdsActions actions;

  MotoForwarder(URI moto, RdsActions actions) {
    this.moto = new Downstream(moto);
    this.actions = actions;
  }

  HttpHandler handler() {
    return RdsExchange.handler(moto, this::handle);
  }

  private void handle(RdsExchange exchange, QueryRequest call) throws IOException {
    try {
      actions.before(call);
      Downstream.Answer answer = exchange.forward(moto);
      Optional<org.w3c.dom.Document> xml = RdsXml.tryParse(answer.body());
      if (xml.isEmpty()) {
        // moto answers some failures with an HTML page; those pass through as they are.
        exchange.relay(answer);
        return;
      }
      if (answer.status() == 200) {
        actions.after(call, xml.get());
        applyParameterGroupAtReboot(exchange, call, xml.get());
        addWriterOfEngineModeChange(exchange, call);
      }
      boolean changed = EndpointView.rewrite(xml.get(), actions::view);
      changed |= DeploymentView.rewrite(xml.get(), actions::deploymentStatus);
      exchange.relay(answer, changed ? RdsXml.bytes(xml.get()) : answer.body());
    } catch (RdsError refusal) {
      log.info("local Aurora refused {}: {} {}", call.action(), refusal.code(), refusal.getMessage());
      exchange.answer(refusal);
    } catch (RuntimeException e) {
      // The data plane failed (initdb, pg_basebackup, a server that did not start): an internal error, as AWS
      // would answer, with the tool's message, which never holds a password (passwords go through files).
      log.warn("local Aurora failed on {}", call.action(), e);
      exchange.answer(RdsError.internalFailure("local Aurora data plane: " + e.getMessage()));
    }
  }

  /**
   * RDS converts a Serverless v1 cluster to provisioned by giving it a writer instance of DBClusterInstanceClass
   * (Aurora User Guide, "Upgrading from Aurora Serverless v1 to v2"); moto only changes the attribute, so the writer
   * is added here, under the name the RDS console gives it.
   */
  private void addWriterOfEngineModeChange(RdsExchange exchange, QueryRequest call) {
    if (!"ModifyDBCluster".equals(call.action()) || !call.isTrue("AllowEngineModeChange")
        || call.get("DBClusterInstanceClass").isEmpty()) {
      return;
    }
    String cluster = call.identifier("DBClusterIdentifier");
    Downstream.Answer answer = moto.query(QueryRequest.of("CreateDBInstance", "DBInstanceIdentifier", cluster + "-instance-1",
        "DBClusterIdentifier", cluster, "Engine", "aurora-postgresql",
        "DBInstanceClass", call.required("DBClusterInstanceClass")), exchange.authorization());
    if (answer.status() != 200) {
      log.warn("local Aurora could not add the writer of converted cluster {}: HTTP {}", cluster, answer.status());
    }
  }

  /**
   * RDS applies a cluster parameter group's static parameters when the writer reboots; moto only records the
   * reboot. The group and its rds.logical_replication are read from moto as they are at the reboot.
   */
  private void applyParameterGroupAtReboot(RdsExchange exchange, QueryRequest call, org.w3c.dom.Document answer) {
    if (!"RebootDBInstance".equals(call.action())) {
      return;
    }
    Optional<String> cluster = RdsXml.all(answer, "DBInstance").stream().findFirst()
        .flatMap(i -> RdsXml.text(i, "DBClusterIdentifier"));
    if (cluster.isEmpty()) {
      return;
    }
    Optional<String> group = describe(exchange, QueryRequest.of("DescribeDBClusters", "DBClusterIdentifier", cluster.get()))
        .flatMap(d -> RdsXml.all(d, "DBCluster").stream().findFirst())
        .flatMap(c -> RdsXml.text(c, "DBClusterParameterGroup"));
    boolean logical = false;
    String marker = null;
    while (group.isPresent()) {
      QueryRequest parameters = marker == null
          ? QueryRequest.of("DescribeDBClusterParameters", "DBClusterParameterGroupName", group.get(), "Source", "user")
          : QueryRequest.of("DescribeDBClusterParameters", "DBClusterParameterGroupName", group.get(), "Source", "user",
              "Marker", marker);
      Optional<org.w3c.dom.Document> page = describe(exchange, parameters);
      if (page.isEmpty()) {
        break;
      }
      for (org.w3c.dom.Element p : RdsXml.all(page.get(), "Parameter")) {
        if (RdsXml.text(p, "ParameterName").orElse("").equals("rds.logical_replication")) {
          logical = RdsXml.text(p, "ParameterValue").orElse("0").equals("1");
        }
      }
      marker = RdsXml.all(page.get(), "Marker").stream().findFirst().map(org.w3c.dom.Element::getTextContent)
          .filter(m -> !m.isBlank()).orElse(null);
      if (marker == null) {
        break;
      }
    }
    actions.rebooted(cluster.get(), logical);
  }

  private Optional<org.w3c.dom.Document> describe(RdsExchange exchange, QueryRequest request) {
    Downstream.Answer answer = moto.query(request, exchange.authorization());
    return answer.status() == 200 ? RdsXml.tryParse(answer.body()) : Optional.empty();
  }
}
