package dev.dbops.aurora.crd;

import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * CEL types and values for schema nodes as Kubernetes declares them: integer is int, number is
 * double (also when the JSON value is whole), objects with properties are typed objects whose
 * fields the checker knows, additionalProperties are map(string, V), arrays are list(T).
 */
final class CelSchemaTypes implements CelTypeProvider {

  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  /** CEL reserved words; Kubernetes exposes such properties only as escaped names (__name__). */
  private static final Set<String> RESERVED = Set.of("true", "false", "null", "in", "as", "break", "const",
      "continue", "else", "for", "function", "if", "import", "let", "loop", "package", "namespace", "return",
      "var", "void", "while");

  private final Map<String, StructType> structs = new LinkedHashMap<>();

  CelType typeOf(SchemaNode node, String path) {
    if (node.preservesUnknownFields() && node.properties().isEmpty()) {
      return SimpleType.DYN;
    }
    String type = node.hasType() ? node.type() : "";
    return switch (type) {
      case "integer" -> SimpleType.INT;
      case "number" -> SimpleType.DOUBLE;
      case "string" -> SimpleType.STRING;
      case "boolean" -> SimpleType.BOOL;
      case "array" -> node.items().map(i -> (CelType) ListType.create(typeOf(i, path + "[*]"))).orElse(ListType.create(SimpleType.DYN));
      case "object" -> node.additionalProperties().isPresent()
          ? MapType.create(SimpleType.STRING, typeOf(node.additionalProperties().get(), path + "[*]"))
          : structOf(node, path);
      default -> SimpleType.DYN;
    };
  }

  private CelType structOf(SchemaNode node, String path) {
    Map<String, CelType> fields = new LinkedHashMap<>();
    node.properties().forEach((name, child) -> {
      if (accessible(name)) {
        fields.put(name, typeOf(child, StructuralValidation.child(path, name)));
      }
    });
    // Type names only show in checker messages; the path says which object is meant.
    String name = "object." + (path.isEmpty() ? "root" : path.replace("[*]", ".items"));
    StructType struct = StructType.create(name, ImmutableSet.copyOf(fields.keySet()),
        field -> Optional.ofNullable(fields.get(field)));
    structs.put(name, struct);
    return struct;
  }

  /** The runtime value CEL sees for a (defaulted, validated) value of this node. */
  static Object valueOf(SchemaNode node, Object value) {
    if (value == null) {
      return dev.cel.common.values.NullValue.NULL_VALUE;
    }
    String type = node.hasType() ? node.type() : "";
    if (type.equals("number") && value instanceof Number n) {
      return n.doubleValue();
    }
    if (type.equals("integer") && value instanceof Number n) {
      return n.longValue();
    }
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> object = SchemaNode.asMap(m);
      Map<String, Object> out = new LinkedHashMap<>();
      if (node.additionalProperties().isPresent()) {
        object.forEach((k, v) -> out.put(k, valueOf(node.additionalProperties().get(), v)));
        return out;
      }
      Map<String, SchemaNode> props = node.properties();
      object.forEach((k, v) -> {
        if (props.containsKey(k) && accessible(k)) {
          out.put(k, valueOf(props.get(k), v));
        } else if (node.preservesUnknownFields()) {
          out.put(k, YamlTrees.normalize(v));
        }
      });
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      SchemaNode items = node.items().orElse(new SchemaNode(Map.of()));
      list.forEach(v -> out.add(valueOf(items, v)));
      return out;
    }
    return value;
  }

  static boolean accessible(String property) {
    return IDENTIFIER.matcher(property).matches() && !RESERVED.contains(property);
  }

  @Override
  public ImmutableCollection<CelType> types() {
    return ImmutableList.copyOf(structs.values());
  }

  @Override
  public Optional<CelType> findType(String typeName) {
    return Optional.ofNullable(structs.get(typeName));
  }
}
