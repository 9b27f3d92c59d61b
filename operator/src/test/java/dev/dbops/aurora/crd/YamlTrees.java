package dev.dbops.aurora.crd;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML into plain maps and lists with the number types the API server's JSON decoding
 * yields: whole numbers as Long, others as Double.
 */
final class YamlTrees {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private YamlTrees() {}

  static Map<String, Object> read(Path file) {
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every document of a multi-document YAML file, empty documents left out. */
  static List<Map<String, Object>> readAll(Path file) {
    try (var parser = YAML.getFactory().createParser(file.toFile())) {
      List<Map<String, Object>> docs = new ArrayList<>();
      YAML.readValues(parser, Object.class).forEachRemaining(doc -> {
        if (doc instanceof Map<?, ?>) {
          docs.add(SchemaNode.asMap(normalize(doc)));
        }
      });
      return docs;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, Object> parse(String yaml) {
    try {
      return SchemaNode.asMap(normalize(YAML.readValue(yaml, Object.class)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deep copy with numbers normalized, so defaults and resources can be changed freely. */
  static Object normalize(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), normalize(v)));
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(v -> out.add(normalize(v)));
      return out;
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof BigInteger) {
      return ((Number) value).longValue();
    }
    if (value instanceof Float || value instanceof Double || value instanceof BigDecimal) {
      return ((Number) value).doubleValue();
    }
    return value;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> deepCopy(Map<String, Object> tree) {
    return (Map<String, Object>) normalize(tree);
  }
}
