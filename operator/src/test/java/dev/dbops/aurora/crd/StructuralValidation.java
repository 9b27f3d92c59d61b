package dev.dbops.aurora.crd;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The OpenAPI part of the API server's validation of a custom resource: type, required, enum,
 * minimum/maximum, pattern, minLength/maxLength, minItems/maxItems. Messages follow
 * kube-openapi's ("spec.x in body should be less than or equal to 256").
 */
final class StructuralValidation {

  private final List<FieldError> errors = new ArrayList<>();

  private StructuralValidation() {}

  static List<FieldError> validate(SchemaNode node, String path, Object value) {
    StructuralValidation v = new StructuralValidation();
    v.check(node, path, value);
    return v.errors;
  }

  private void check(SchemaNode node, String path, Object value) {
    if (value == null) {
      if (!node.nullable()) {
        typeError(node, path, value);
      }
      return;
    }
    if (node.hasType() && !hasType(node.type(), value)) {
      typeError(node, path, value);
      return;
    }
    checkEnum(node, path, value);
    if (value instanceof Number n) {
      checkRange(node, path, n);
    } else if (value instanceof String s) {
      checkString(node, path, s);
    } else if (value instanceof List<?> list) {
      checkList(node, path, list);
    } else if (value instanceof Map<?, ?> map) {
      checkObject(node, path, SchemaNode.asMap(map));
    }
  }

  private void checkObject(SchemaNode node, String path, Map<String, Object> object) {
    for (String name : node.required()) {
      if (!object.containsKey(name)) {
        errors.add(FieldError.required(child(path, name)));
      }
    }
    if (node.additionalProperties().isPresent()) {
      SchemaNode valueSchema = node.additionalProperties().get();
      object.forEach((k, v) -> check(valueSchema, path + "[" + k + "]", v));
      return;
    }
    node.properties().forEach((name, child) -> {
      if (object.containsKey(name)) {
        check(child, child(path, name), object.get(name));
      }
    });
  }

  private void checkList(SchemaNode node, String path, List<?> list) {
    node.count("minItems").filter(min -> list.size() < min).ifPresent(min ->
        errors.add(FieldError.invalid(path, (long) list.size(), path + " in body should have at least " + min + " items")));
    node.count("maxItems").filter(max -> list.size() > max).ifPresent(max ->
        errors.add(new FieldError(FieldError.Kind.TOO_MANY, path, (long) list.size(), "must have at most " + max + " items")));
    node.items().ifPresent(items -> {
      for (int i = 0; i < list.size(); i++) {
        check(items, path + "[" + i + "]", list.get(i));
      }
    });
  }

  private void checkString(SchemaNode node, String path, String s) {
    // kube-openapi counts characters (runes), not UTF-16 units.
    long length = s.codePointCount(0, s.length());
    node.count("maxLength").filter(max -> length > max).ifPresent(max ->
        errors.add(new FieldError(FieldError.Kind.TOO_LONG, path, s, "may not be more than " + max + " bytes")));
    node.count("minLength").filter(min -> length < min).ifPresent(min ->
        errors.add(FieldError.invalid(path, s, path + " in body should be at least " + min + " chars long")));
    node.pattern().ifPresent(p -> {
      try {
        if (!Pattern.compile(p).matcher(s).find()) {
          errors.add(FieldError.invalid(path, s, path + " in body should match '" + p + "'"));
        }
      } catch (PatternSyntaxException e) {
        errors.add(FieldError.invalid(path, s, "pattern '" + p + "' is not valid RE2: " + e.getMessage()));
      }
    });
  }

  private void checkRange(SchemaNode node, String path, Number n) {
    double v = n.doubleValue();
    node.number("maximum").ifPresent(max -> {
      boolean exclusive = node.flag("exclusiveMaximum");
      if (exclusive ? v >= max : v > max) {
        errors.add(FieldError.invalid(path, n, path + " in body should be less than "
            + (exclusive ? "" : "or equal to ") + FieldError.goValue(max)));
      }
    });
    node.number("minimum").ifPresent(min -> {
      boolean exclusive = node.flag("exclusiveMinimum");
      if (exclusive ? v <= min : v < min) {
        errors.add(FieldError.invalid(path, n, path + " in body should be greater than "
            + (exclusive ? "" : "or equal to ") + FieldError.goValue(min)));
      }
    });
    node.number("multipleOf").ifPresent(step -> {
      double q = v / step;
      if (q != Math.rint(q)) {
        errors.add(FieldError.invalid(path, n, path + " in body should be a multiple of " + FieldError.goValue(step)));
      }
    });
  }

  private void checkEnum(SchemaNode node, String path, Object value) {
    List<Object> allowed = node.enumValues();
    if (allowed.isEmpty() || allowed.stream().anyMatch(a -> sameValue(a, value))) {
      return;
    }
    String supported = allowed.stream().map(FieldError::goValue).collect(Collectors.joining(", "));
    errors.add(new FieldError(FieldError.Kind.NOT_SUPPORTED, path, value, "supported values: " + supported));
  }

  private void typeError(SchemaNode node, String path, Object value) {
    String actual = jsonType(value);
    errors.add(new FieldError(FieldError.Kind.TYPE_INVALID, path, actual,
        path + " in body must be of type " + node.type() + ": " + FieldError.quoted(actual)));
  }

  static boolean hasType(String type, Object value) {
    return switch (type) {
      case "object" -> value instanceof Map<?, ?>;
      case "array" -> value instanceof List<?>;
      case "string" -> value instanceof String;
      case "boolean" -> value instanceof Boolean;
      case "number" -> value instanceof Number;
      // JSON has one number type: 2.0 is an integer to the API server too.
      case "integer" -> value instanceof Long || (value instanceof Double d && d == Math.rint(d) && !d.isInfinite());
      default -> true;
    };
  }

  static String jsonType(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Map<?, ?>) {
      return "object";
    }
    if (value instanceof List<?>) {
      return "array";
    }
    if (value instanceof Long) {
      return "integer";
    }
    if (value instanceof Number) {
      return "number";
    }
    return value instanceof Boolean ? "boolean" : "string";
  }

  private static boolean sameValue(Object a, Object b) {
    Object na = YamlTrees.normalize(a);
    Object nb = YamlTrees.normalize(b);
    if (na instanceof Number x && nb instanceof Number y) {
      return x.doubleValue() == y.doubleValue();
    }
    return na.equals(nb);
  }

  static String child(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }
}
