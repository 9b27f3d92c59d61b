package dev.dbops.aurora.crd;

import java.util.ArrayList;
import java.util.List;

/** Every node of a schema with its path ({@code [*]} for list items and map values). */
final class SchemaTree {

  record Located(String path, SchemaNode node) {}

  private final List<Located> nodes = new ArrayList<>();

  SchemaTree(SchemaNode root) {
    collect("", root);
  }

  private void collect(String path, SchemaNode node) {
    nodes.add(new Located(path, node));
    node.properties().forEach((name, child) -> collect(StructuralValidation.child(path, name), child));
    node.items().ifPresent(items -> collect(path + "[*]", items));
    node.additionalProperties().ifPresent(values -> collect(path + "[*]", values));
  }

  List<Located> all() {
    return List.copyOf(nodes);
  }

  List<Located> nodesWithRules() {
    return nodes.stream().filter(n -> !n.node().validationRules().isEmpty()).toList();
  }
}
