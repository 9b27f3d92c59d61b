package dev.dbops.aurora.testing.rds;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One RDS Query API request: the form-encoded body of a POST ({@code Action=…&Version=…&Name=value}),
 * signed with a credential scope that names the service ({@code …/us-east-1/rds/aws4_request}).
 * Parameters keep their order so the body forwarded downstream reads like the one received.
 */
public final class QueryRequest {
  private static final Pattern SCOPE = Pattern.compile("Credential=[^/]+/\\d{8}/[^/]+/([^/]+)/aws4_request");

  private final Map<String, String> parameters;

  private QueryRequest(Map<String, String> parameters) {
    this.parameters = parameters;
  }

  /**
   * Whether a request is an RDS call: the SDK signs every RDS call with credential scope
   * {@code …/<region>/rds/aws4_request}; the Query body alone would not tell RDS from other Query services
   * (STS, CloudWatch's old protocol), which pass through the stages untouched.
   */
  public static boolean isRds(String method, String authorization, String contentType) {
    if (!"POST".equals(method) || authorization == null
        || (contentType != null && !contentType.startsWith("application/x-www-form-urlencoded"))) {
      return false;
    }
    Matcher m = SCOPE.matcher(authorization);
    return m.find() && "rds".equals(m.group(1));
  }

  public static QueryRequest parse(byte[] body) {
    Map<String, String> parameters = new LinkedHashMap<>();
    for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      parameters.putIfAbsent(name, value);
    }
    return new QueryRequest(parameters);
  }

  public static QueryRequest of(String action, String... namesAndValues) {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("Action", action);
    parameters.put("Version", "2014-10-31");
    for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
      parameters.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return new QueryRequest(parameters);
  }

  public String action() {
    return parameters.getOrDefault("Action", "");
  }

  /** A parameter's value; an empty value counts as absent, as RDS treats it. */
  public Optional<String> get(String name) {
    return Optional.ofNullable(parameters.get(name)).filter(v -> !v.isEmpty());
  }

  /** A parameter the action cannot do without; AWS answers MissingParameter when it is absent. */
  public String required(String name) {
    return get(name).orElseThrow(() -> new RdsError(400, "MissingParameter", "The request must contain the parameter " + name));
  }

  /** Identifiers may be given as ARNs ({@code arn:aws:rds:…:cluster-snapshot:NAME}); this is the NAME. */
  public String identifier(String name) {
    String value = required(name);
    return value.startsWith("arn:") ? value.substring(value.lastIndexOf(':') + 1) : value;
  }

  public boolean isTrue(String name) {
    return "true".equalsIgnoreCase(parameters.get(name));
  }

  /** Values of filter {@code name} (Filters.Filter.N.Name / Filters.Filter.N.Values.Value.M). */
  public List<String> filterValues(String name) {
    List<String> values = new ArrayList<>();
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
  public void rewrite(String name, UnaryOperator<String> change) {
    parameters.computeIfPresent(name, (k, v) -> change.apply(v));
  }

  /** Applies {@code change} to every value of filter {@code filterName}. */
  public void rewriteFilter(String filterName, UnaryOperator<String> change) {
    for (int n = 1; parameters.containsKey("Filters.Filter." + n + ".Name"); n++) {
      if (filterName.equals(parameters.get("Filters.Filter." + n + ".Name"))) {
        for (int m = 1; parameters.containsKey("Filters.Filter." + n + ".Values.Value." + m); m++) {
          rewrite("Filters.Filter." + n + ".Values.Value." + m, change);
        }
      }
    }
  }

  public QueryRequest without(String... names) {
    Map<String, String> copy = new LinkedHashMap<>(parameters);
    for (String name : names) {
      copy.remove(name);
    }
    return new QueryRequest(copy);
  }

  public byte[] encode() {
    StringBuilder body = new StringBuilder();
    parameters.forEach((name, value) -> {
      if (body.length() > 0) {
        body.append('&');
      }
      body.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    });
    return body.toString().getBytes(StandardCharsets.UTF_8);
  }
}
