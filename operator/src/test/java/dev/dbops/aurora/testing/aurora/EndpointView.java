package dev.dbops.aurora.testing.aurora;

import dev.dbops.aurora.testing.rds.RdsXml;
import java.util.Optional;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * How the data plane shows one cluster in moto's answers: every {@code DBCluster} (in Describe, Create,
 * Restore and Modify answers alike) gets the endpoint and port of its local server, the engine version its
 * data really has, and {@code upgrading} while pg_upgrade runs; every {@code DBInstance} of such a cluster
 * gets the same endpoint.
 */
record EndpointView(String host, int port, String engineVersion, boolean upgrading) {

  interface Lookup {
    Optional<EndpointView> of(String clusterId);
  }

  /** Rewrites the clusters and instances the data plane serves; returns whether anything changed. */
  static boolean rewrite(Document answer, Lookup views) {
    boolean changed = false;
    for (Element cluster : RdsXml.all(answer, "DBCluster")) {
      Optional<EndpointView> view = RdsXml.text(cluster, "DBClusterIdentifier").flatMap(views::of);
      if (view.isPresent()) {
        EndpointView v = view.get();
        RdsXml.setText(cluster, "Endpoint", v.host());
        RdsXml.setText(cluster, "ReaderEndpoint", v.host());
        RdsXml.setText(cluster, "Port", Integer.toString(v.port()));
        RdsXml.setText(cluster, "EngineVersion", v.engineVersion());
        if (v.upgrading()) {
          RdsXml.setText(cluster, "Status", "upgrading");
        }
        changed = true;
      }
    }
    for (Element instance : RdsXml.all(answer, "DBInstance")) {
      Optional<EndpointView> view = RdsXml.text(instance, "DBClusterIdentifier").flatMap(views::of);
      Optional<Element> endpoint = RdsXml.child(instance, "Endpoint");
      if (view.isPresent() && endpoint.isPresent()) {
        RdsXml.setText(endpoint.get(), "Address", view.get().host());
        RdsXml.setText(endpoint.get(), "Port", Integer.toString(view.get().port()));
        changed = true;
      }
    }
    return changed;
  }
}
