package dev.dbops.aurora.testing.aurora;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.util.Optional;
import java.util.function.Function;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * moto's XML answers, read and rewritten where the data plane knows better: every {@code DBCluster}
 * (in Describe, Create, Restore and Modify answers alike) gets the endpoint and port of its local server,
 * the engine version its data really has, and {@code upgrading} while pg_upgrade runs; every
 * {@code DBInstance} of such a cluster gets the same endpoint.
 */
final class RdsXml {
  /** How the data plane sees one cluster in an answer. */
  record ClusterView(String host, int port, String engineVersion, boolean upgrading) {}

  private final Document document;

  private RdsXml(Document document) {
    this.document = document;
  }

  static Optional<RdsXml> parse(byte[] xml) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return Optional.of(new RdsXml(factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml))));
    } catch (Exception notXml) {
      // moto answers some failures with an HTML page; those pass through as they are.
      return Optional.empty();
    }
  }

  /** A field of the first DBCluster in the answer, e.g. EngineVersion of a CreateDBCluster answer. */
  Optional<String> clusterField(String field) {
    NodeList clusters = document.getElementsByTagName("DBCluster");
    return clusters.getLength() == 0 ? Optional.empty() : child((Element) clusters.item(0), field).map(Node::getTextContent);
  }

  /** Rewrites the clusters and instances the data plane serves; returns whether anything changed. */
  boolean rewrite(Function<String, Optional<ClusterView>> views) {
    boolean changed = false;
    NodeList clusters = document.getElementsByTagName("DBCluster");
    for (int i = 0; i < clusters.getLength(); i++) {
      Element cluster = (Element) clusters.item(i);
      Optional<ClusterView> view = child(cluster, "DBClusterIdentifier").flatMap(id -> views.apply(id.getTextContent()));
      if (view.isPresent()) {
        ClusterView v = view.get();
        set(cluster, "Endpoint", v.host());
        set(cluster, "ReaderEndpoint", v.host());
        set(cluster, "Port", Integer.toString(v.port()));
        set(cluster, "EngineVersion", v.engineVersion());
        if (v.upgrading()) {
          set(cluster, "Status", "upgrading");
        }
        changed = true;
      }
    }
    NodeList instances = document.getElementsByTagName("DBInstance");
    for (int i = 0; i < instances.getLength(); i++) {
      Element instance = (Element) instances.item(i);
      Optional<ClusterView> view = child(instance, "DBClusterIdentifier").flatMap(id -> views.apply(id.getTextContent()));
      Optional<Node> endpoint = child(instance, "Endpoint");
      if (view.isPresent() && endpoint.isPresent()) {
        set((Element) endpoint.get(), "Address", view.get().host());
        set((Element) endpoint.get(), "Port", Integer.toString(view.get().port()));
        changed = true;
      }
    }
    return changed;
  }

  byte[] bytes() {
    try {
      var transformer = TransformerFactory.newInstance().newTransformer();
      transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
      StringWriter out = new StringWriter();
      transformer.transform(new DOMSource(document), new StreamResult(out));
      return out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    } catch (Exception e) {
      throw new IllegalStateException("cannot write the rewritten RDS answer", e);
    }
  }

  static String escape(String text) {
    return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static Optional<Node> child(Element parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n.getNodeType() == Node.ELEMENT_NODE && name.equals(n.getNodeName())) {
        return Optional.of(n);
      }
    }
    return Optional.empty();
  }

  private static void set(Element parent, String name, String value) {
    Node node = child(parent, name).orElseGet(() -> parent.appendChild(parent.getOwnerDocument().createElement(name)));
    node.setTextContent(value);
  }
}
