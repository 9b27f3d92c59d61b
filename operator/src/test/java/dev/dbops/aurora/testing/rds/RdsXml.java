package dev.dbops.aurora.testing.rds;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reading and rewriting RDS Query API answers ({@code <ActionResponse><ActionResult>…}) as DOM trees: the
 * {@code DBCluster}, {@code DBInstance} and {@code DBClusterSnapshot} elements every stage reads and rewrites.
 * Namespace-unaware on purpose: RDS and moto both put every element in the one RDS namespace.
 */
public final class RdsXml {
  public static final String NAMESPACE = "http://rds.amazonaws.com/doc/2014-10-31/";

  private RdsXml() {}

  public static Document parse(byte[] xml) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(false);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      var builder = factory.newDocumentBuilder();
      // The default handler prints "[Fatal Error]" to stderr before throwing; the exception is enough.
      builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler());
      return builder.parse(new ByteArrayInputStream(xml));
    } catch (Exception e) {
      throw new IllegalStateException("unreadable RDS answer: " + new String(xml, StandardCharsets.UTF_8), e);
    }
  }

  /** The answer as a tree, or empty when it is no XML (moto answers some failures with an HTML page). */
  public static Optional<Document> tryParse(byte[] xml) {
    try {
      return Optional.of(parse(xml));
    } catch (IllegalStateException notXml) {
      return Optional.empty();
    }
  }

  public static byte[] bytes(Document document) {
    return serialize(document).getBytes(StandardCharsets.UTF_8);
  }

  public static String serialize(Node node) {
    try {
      var transformer = TransformerFactory.newInstance().newTransformer();
      transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
      StringWriter out = new StringWriter();
      transformer.transform(new DOMSource(node), new StreamResult(out));
      return out.toString();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Elements with this tag anywhere in the answer, in document order: {@code all(doc, "DBCluster")}. */
  public static List<Element> all(Document document, String tag) {
    return all(document.getDocumentElement(), tag);
  }

  /** Elements with this tag anywhere below {@code root}, in document order. */
  public static List<Element> all(Element root, String tag) {
    var nodes = root.getElementsByTagName(tag);
    List<Element> elements = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      elements.add((Element) nodes.item(i));
    }
    return elements;
  }

  /** Direct children with this tag. */
  public static List<Element> children(Element parent, String tag) {
    List<Element> elements = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(tag)) {
        elements.add(e);
      }
    }
    return elements;
  }

  public static Optional<Element> child(Element parent, String tag) {
    return children(parent, tag).stream().findFirst();
  }

  public static Optional<String> text(Element parent, String tag) {
    return child(parent, tag).map(Node::getTextContent);
  }

  /** Sets the child's text, adding the child when the answer lacks it. */
  public static void setText(Element parent, String tag, String value) {
    Element target = child(parent, tag).orElseGet(() -> {
      Element added = parent.getOwnerDocument().createElement(tag);
      parent.appendChild(added);
      return added;
    });
    target.setTextContent(value);
  }

  public static Element importXml(Document into, String xml) {
    Element element = parse(xml.getBytes(StandardCharsets.UTF_8)).getDocumentElement();
    return (Element) into.importNode(element, true);
  }

  public static String escape(String s) {
    return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
