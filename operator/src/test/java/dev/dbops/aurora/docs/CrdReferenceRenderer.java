package dev.dbops.aurora.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Renders docs/reference.md from the generated CRDs, so the reference can never drift from the schema the
 * API server enforces: every field of spec and status with its type, default, constraints (enum, bounds,
 * pattern, CEL rule messages) and description.
 */
public final class CrdReferenceRenderer {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private CrdReferenceRenderer() {}

  /** The reference for every CRD (*.yml, *.yaml) in the folder, kinds in alphabetical order. */
  public static String render(Path crdsDir) {
    List<JsonNode> crds = readCrds(crdsDir);
    StringBuilder out = new StringBuilder();
    out.append("# API reference\n\n")
        .append("<!-- Generated from crds/ by CrdReferenceRenderer; do not edit. Regenerate with:\n")
        .append("     mvn -o -q -pl operator test -Dtest=ReferenceDocsAreCurrentTest -Dupdate-docs=true -->\n\n")
        .append("Every field of every custom resource the operator serves, as the API server validates it. ")
        .append("`[]` marks the items of a list, `<key>` the values of a map. A constraint marked CEL is a ")
        .append("validation rule (x-kubernetes-validations): the API server refuses a resource that breaks it ")
        .append("with that message.\n\n");
    for (JsonNode crd : crds) {
      out.append("- [").append(kind(crd)).append("](#").append(kind(crd).toLowerCase()).append(")\n");
    }
    for (JsonNode crd : crds) {
      renderCrd(crd, out);
    }
    return out.toString();
  }

  private static List<JsonNode> readCrds(Path crdsDir) {
    try (Stream<Path> files = Files.list(crdsDir)) {
      return files
          .filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml"))
          .map(CrdReferenceRenderer::readYaml)
          .filter(node -> "CustomResourceDefinition".equals(node.path("kind").asText()))
          .sorted(Comparator.comparing(CrdReferenceRenderer::kind))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode readYaml(Path file) {
    try {
      return YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static String kind(JsonNode crd) {
    return crd.path("spec").path("names").path("kind").asText();
  }

  private static void renderCrd(JsonNode crd, StringBuilder out) {
    JsonNode spec = crd.path("spec");
    JsonNode names = spec.path("names");
    out.append("\n## ").append(kind(crd)).append("\n\n");
    for (JsonNode version : spec.path("versions")) {
      List<String> shortNames = texts(names.path("shortNames"));
      out.append("| | |\n|---|---|\n")
          .append("| apiVersion | `").append(spec.path("group").asText()).append('/')
          .append(version.path("name").asText()).append("` |\n")
          .append("| scope | ").append(spec.path("scope").asText()).append(" |\n")
          .append("| plural | `").append(names.path("plural").asText()).append("` |\n");
      if (!shortNames.isEmpty()) {
        out.append("| short names | ")
            .append(shortNames.stream().map(n -> "`" + n + "`").collect(Collectors.joining(", ")))
            .append(" |\n");
      }
      List<String> columns = new ArrayList<>();
      for (JsonNode column : version.path("additionalPrinterColumns")) {
        columns.add(column.path("name").asText() + " (`" + column.path("jsonPath").asText() + "`)");
      }
      if (!columns.isEmpty()) {
        out.append("| `kubectl get` columns | ").append(escape(String.join(", ", columns))).append(" |\n");
      }
      JsonNode root = version.path("schema").path("openAPIV3Schema").path("properties");
      for (String part : List.of("spec", "status")) {
        JsonNode schema = root.path(part);
        if (schema.isMissingNode()) {
          continue;
        }
        out.append("\n### ").append(kind(crd)).append(' ').append(part).append("\n\n");
        List<String> rules = ruleMessages(schema);
        if (!rules.isEmpty()) {
          out.append("CEL rules on the whole ").append(part).append(":\n\n");
          rules.forEach(rule -> out.append("- ").append(prose(rule)).append('\n'));
          out.append('\n');
        }
        out.append("| Field | Type | Default | Constraints | Description |\n")
            .append("|---|---|---|---|---|\n");
        renderProperties(part, schema, out);
      }
    }
  }

  private static void renderProperties(String path, JsonNode schema, StringBuilder out) {
    Set<String> required = new TreeSet<>(texts(schema.path("required")));
    Iterator<Map.Entry<String, JsonNode>> fields = schema.path("properties").fields();
    List<Map.Entry<String, JsonNode>> sorted = new ArrayList<>();
    fields.forEachRemaining(sorted::add);
    sorted.sort(Map.Entry.comparingByKey());
    for (Map.Entry<String, JsonNode> field : sorted) {
      renderField(path + "." + field.getKey(), field.getValue(), required.contains(field.getKey()), out);
    }
  }

  private static void renderField(String path, JsonNode field, boolean required, StringBuilder out) {
    out.append("| `").append(path).append("` | ")
        .append(type(field)).append(" | ")
        .append(field.has("default") ? "`" + escape(literal(field.get("default"))) + "`" : "").append(" | ")
        .append(escape(String.join("; ", constraints(field, required)))).append(" | ")
        .append(escape(prose(field.path("description").asText()))).append(" |\n");
    JsonNode items = field.path("items");
    if (items.has("properties")) {
      renderProperties(path + "[]", items, out);
    }
    JsonNode values = field.path("additionalProperties");
    if (values.has("properties")) {
      renderProperties(path + ".<key>", values, out);
    }
    if (field.has("properties")) {
      renderProperties(path, field, out);
    }
  }

  private static String type(JsonNode field) {
    String type = field.path("type").asText("any");
    if (type.equals("array")) {
      return "[]" + type(field.path("items"));
    }
    if (type.equals("object") && field.path("additionalProperties").isObject()) {
      return "map[string]" + type(field.path("additionalProperties"));
    }
    return type;
  }

  private static List<String> constraints(JsonNode field, boolean required) {
    List<String> found = new ArrayList<>();
    if (required) {
      found.add("required");
    }
    if (field.has("enum")) {
      found.add("one of " + texts(field.get("enum")).stream().map(v -> "`" + v + "`").collect(Collectors.joining(", ")));
    }
    bound(field, "minimum", "min", found);
    bound(field, "maximum", "max", found);
    bound(field, "minLength", "min length", found);
    bound(field, "maxLength", "max length", found);
    bound(field, "minItems", "min items", found);
    bound(field, "maxItems", "max items", found);
    if (field.has("pattern")) {
      found.add("pattern `" + field.get("pattern").asText() + "`");
    }
    ruleMessages(field).forEach(message -> found.add("CEL: " + prose(message)));
    return found;
  }

  private static void bound(JsonNode field, String key, String label, List<String> found) {
    if (field.has(key)) {
      found.add(label + " " + literal(field.get(key)));
    }
  }

  private static List<String> ruleMessages(JsonNode schema) {
    List<String> messages = new ArrayList<>();
    for (JsonNode rule : schema.path("x-kubernetes-validations")) {
      messages.add(rule.path("message").asText(rule.path("rule").asText()));
    }
    return messages;
  }

  /** A YAML scalar as a reader writes it: 35.0 as 35, strings bare. */
  private static String literal(JsonNode value) {
    if (value.isNumber()) {
      return new BigDecimal(value.asText()).stripTrailingZeros().toPlainString();
    }
    return value.isValueNode() ? value.asText() : value.toString();
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(item -> texts.add(item.asText()));
    return texts;
  }

  /** Text outside code spans: a placeholder like <clusterIdentifier> would be read as an HTML tag. */
  private static String prose(String text) {
    return text.replace("<", "&lt;").replace(">", "&gt;");
  }

  /** Keeps a cell in its column: a pipe would end it, a newline would end the row. */
  private static String escape(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
