package dev.dbops.aurora.crd;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Read-only view of one node of a CRD's openAPIV3Schema. */
final class SchemaNode {

  private final Map<String, Object> raw;

  SchemaNode(Map<String, Object> raw) {
    this.raw = raw;
  }

  String type() {
    return (String) raw.get("type");
  }

  boolean hasType() {
    return raw.get("type") instanceof String;
  }

  Map<String, SchemaNode> properties() {
    Map<String, SchemaNode> out = new LinkedHashMap<>();
    Object props = raw.get("properties");
    if (props instanceof Map<?, ?> map) {
      map.forEach((name, node) -> out.put((String) name, new SchemaNode(asMap(node))));
    }
    return out;
  }

  Optional<SchemaNode> items() {
    return raw.get("items") instanceof Map<?, ?> m ? Optional.of(new SchemaNode(asMap(m))) : Optional.empty();
  }

  /** The value schema of a map-like object (additionalProperties with a schema). */
  Optional<SchemaNode> additionalProperties() {
    return raw.get("additionalProperties") instanceof Map<?, ?> m
        ? Optional.of(new SchemaNode(asMap(m)))
        : Optional.empty();
  }

  boolean preservesUnknownFields() {
    return Boolean.TRUE.equals(raw.get("x-kubernetes-preserve-unknown-fields"))
        || Boolean.TRUE.equals(raw.get("additionalProperties"));
  }

  boolean nullable() {
    return Boolean.TRUE.equals(raw.get("nullable"));
  }

  List<String> required() {
    return stringList("required");
  }

  Optional<Object> defaultValue() {
    return raw.containsKey("default") ? Optional.ofNullable(raw.get("default")) : Optional.empty();
  }

  List<Object> enumValues() {
    Object e = raw.get("enum");
    return e instanceof List<?> list ? List.copyOf(list) : List.of();
  }

  Optional<Double> number(String keyword) {
    return raw.get(keyword) instanceof Number n ? Optional.of(n.doubleValue()) : Optional.empty();
  }

  Optional<Long> count(String keyword) {
    return raw.get(keyword) instanceof Number n ? Optional.of(n.longValue()) : Optional.empty();
  }

  boolean flag(String keyword) {
    return Boolean.TRUE.equals(raw.get(keyword));
  }

  Optional<String> pattern() {
    return Optional.ofNullable((String) raw.get("pattern"));
  }

  List<ValidationRule> validationRules() {
    Object rules = raw.get("x-kubernetes-validations");
    if (!(rules instanceof List<?> list)) {
      return List.of();
    }
    return list.stream()
        .map(SchemaNode::asMap)
        .map(r -> new ValidationRule((String) r.get("rule"), (String) r.getOrDefault("message", "")))
        .toList();
  }

  /** Two views of the same schema map are the same node: rules are looked up by node. */
  @Override
  public boolean equals(Object o) {
    return o instanceof SchemaNode other && other.raw == raw;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(raw);
  }

  private List<String> stringList(String keyword) {
    Object v = raw.get(keyword);
    return v instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> asMap(Object o) {
    return (Map<String, Object>) o;
  }

  /** One x-kubernetes-validations entry. */
  record ValidationRule(String rule, String message) {
    /** The API server's text for a failed rule: its message, or "failed rule: <rule>". */
    String failureText() {
      return message.isBlank() ? "failed rule: " + rule.strip() : message.strip();
    }

    String errorString() {
      return message.isBlank() ? rule.strip() : message.strip();
    }
  }
}
