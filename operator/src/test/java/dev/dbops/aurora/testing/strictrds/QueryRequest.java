package dev.dbops.aurora.testing.strictrds;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * One RDS Query API request: the form-encoded body of a POST ({@code Action=…&Version=…&Name=value}).
 * Parameters keep their order so the body forwarded downstream reads like the one received.
 */
final class QueryRequest {
  private final Map<String, String> parameters;

  private QueryRequest(Map<String, String> parameters) {
    this.parameters = parameters;
  }

  static QueryRequest parse(String body) {
    Map<String, String> parameters = new LinkedHashMap<>();
    if (!body.isBlank()) {
      for (String pair : body.split("&")) {
        int eq = pair.indexOf('=');
        String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        parameters.put(name, value);
      }
    }
    return new QueryRequest(parameters);
  }

  static QueryRequest of(String action, String... namesAndValues) {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("Action", action);
    parameters.put("Version", "2014-10-31");
    for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
      parameters.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return new QueryRequest(parameters);
  }

  String action() {
    return parameters.getOrDefault("Action", "");
  }

  Optional<String> get(String name) {
    return Optional.ofNullable(parameters.get(name));
  }

  boolean isTrue(String name) {
    return "true".equalsIgnoreCase(parameters.get(name));
  }

  /** Values of filter {@code name} (Filters.Filter.N.Name / Filters.Filter.N.Values.Value.M). */
  List<String> filterValues(String name) {
    List<String> values = new java.util.ArrayList<>();
    for (int n = 1; parameters.containsKey("Filters.Filter." + n + ".Name"); n++) {
      if (!name.equals(parameters.get("Filters.Filter." + n + ".Name"))) {
        continue;
      }
      for (int m = 1; parameters.containsKey("Filters.Filter." + n + ".Values.Value." + m); m++) {
        values.add(parameters.get("Filters.Filter." + n + ".Values.Value." + m));
      }
    }
    return values;
  }

  /** Applies {@code change} to the parameter's value, when present. */
  void rewrite(String name, UnaryOperator<String> change) {
    parameters.computeIfPresent(name, (k, v) -> change.apply(v));
  }

  /** Applies {@code change} to every value of filter {@code filterName}. */
  void rewriteFilter(String filterName, UnaryOperator<String> change) {
    for (int n = 1; parameters.containsKey("Filters.Filter." + n + ".Name"); n++) {
      if (filterName.equals(parameters.get("Filters.Filter." + n + ".Name"))) {
        for (int m = 1; parameters.containsKey("Filters.Filter." + n + ".Values.Value." + m); m++) {
          rewrite("Filters.Filter." + n + ".Values.Value." + m, change);
        }
      }
    }
  }

  QueryRequest without(String... names) {
    Map<String, String> copy = new LinkedHashMap<>(parameters);
    for (String name : names) {
      copy.remove(name);
    }
    return new QueryRequest(copy);
  }

  String encode() {
    StringBuilder body = new StringBuilder();
    parameters.forEach((name, value) -> {
      if (body.length() > 0) {
        body.append('&');
      }
      body.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    });
    return body.toString();
  }
}
