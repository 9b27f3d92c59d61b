package dev.dbops.aurora.crd;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the API server does to a custom resource before it validates it: drop fields the
 * schema does not know (pruning is silent, not an error) and fill in {@code default}s.
 * Validation, including CEL rules, therefore sees defaulted values.
 */
final class PruningAndDefaulting {

  /** Kept at the root of every resource whatever the schema says. */
  private static final Set<String> RESOURCE_ROOT_FIELDS = Set.of("apiVersion", "kind", "metadata");

  private PruningAndDefaulting() {}

  static void applyToResource(SchemaNode root, Map<String, Object> resource) {
    for (String field : List.copyOf(resource.keySet())) {
      if (!RESOURCE_ROOT_FIELDS.contains(field) && !root.properties().containsKey(field)) {
        resource.remove(field);
      }
    }
    Map<String, SchemaNode> props = root.properties();
    applyDefaults(props, resource);
    props.forEach((name, node) -> {
      if (resource.containsKey(name)) {
        resource.put(name, apply(node, resource.get(name)));
      }
    });
  }

  /** Returns the pruned and defaulted value (maps and lists are changed in place). */
  static Object apply(SchemaNode node, Object value) {
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> object = SchemaNode.asMap(m);
      Map<String, SchemaNode> props = node.properties();
      if (node.additionalProperties().isPresent()) {
        SchemaNode valueSchema = node.additionalProperties().get();
        object.replaceAll((k, v) -> apply(valueSchema, v));
        return object;
      }
      if (!node.preservesUnknownFields()) {
        object.keySet().removeIf(k -> !props.containsKey(k));
      }
      applyDefaults(props, object);
      props.forEach((name, child) -> {
        if (object.containsKey(name)) {
          object.put(name, apply(child, object.get(name)));
        }
      });
      return object;
    }
    if (value instanceof List<?> l && node.items().isPresent()) {
      @SuppressWarnings("unchecked")
      List<Object> list = (List<Object>) l;
      SchemaNode items = node.items().get();
      list.replaceAll(v -> apply(items, v));
      return list;
    }
    return value;
  }

  private static void applyDefaults(Map<String, SchemaNode> props, Map<String, Object> object) {
    props.forEach((name, child) -> {
      // A null for a non-nullable field counts as absent, so it is defaulted too.
      boolean absent = !object.containsKey(name) || (object.get(name) == null && !child.nullable());
      if (absent && child.defaultValue().isPresent()) {
        object.put(name, YamlTrees.normalize(child.defaultValue().get()));
      }
    });
  }
}
