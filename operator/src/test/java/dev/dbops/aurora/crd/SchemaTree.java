package dev.dbops.aurora.crd;

import java.util.ArrayList;
import java.util.List;

/** Every node of a schema with its path ({@code [*]} for list items and map values). */
final class SchemaTree {

  /**
   * A node and its path. {@code correlatable}: an update can pair its old and new value, which
   * is not so below a list unless the list is x-kubernetes-list-type: map (not modelled here).
   */
  record Located(String path, SchemaNode node, boolean correlatable) {}

  private final List<Located> nodes = new ArrayList<>();

  SchemaTree(SchemaNode root) {
    collect("", root, true);
  }

  private void collect(String path, SchemaNode node, boolean correlatable) {
    nodes.add(new Located(path, node, correlatable));
    node.properties().forEach((name, child) -> collect(StructuralValidation.child(path, name), child, correlatable));
    node.items().ifPresent(items -> collect(path + "[*]", items, false));
    node.additionalProperties().ifPresent(values -> collect(path + "[*]", values, correlatable));
  }

  List<Located> all() {
    return List.copyOf(nodes);
  }

  List<Located> nodesWithRules() {
    return nodes.stream().filter(n -> !n.node().validationRules().isEmpty()).toList();
  }
}
