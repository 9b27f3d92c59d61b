package dev.dbops.aurora.testing.aurora;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One call of RDS's Query API: a form-encoded POST ({@code Action=CreateDBCluster&DBClusterIdentifier=…}),
 * signed with a credential scope that names the service ({@code …/us-east-1/rds/aws4_request}). Calls of
 * other services pass through the proxy untouched.
 */
public record RdsRequest(String action, Map<String, String> parameters) {
  private static final Pattern SCOPE = Pattern.compile("Credential=[^/]+/\\d{8}/[^/]+/([^/]+)/aws4_request");

  /** The RDS call in this request, if it is one. */
  public static Optional<RdsRequest> parse(String authorization, String contentType, byte[] body) {
    String service = authorization == null ? null : scope(authorization);
    if (!"rds".equals(service) || contentType == null || !contentType.startsWith("application/x-www-form-urlencoded")) {
      return Optional.empty();
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      parameters.putIfAbsent(name, value);
    }
    String action = parameters.get("Action");
    return action == null ? Optional.empty() : Optional.of(new RdsRequest(action, parameters));
  }

  public Optional<String> get(String name) {
    return Optional.ofNullable(parameters.get(name)).filter(v -> !v.isEmpty());
  }

  /** A parameter the action cannot do without; AWS answers MissingParameter when it is absent. */
  public String required(String name) {
    return get(name).orElseThrow(() -> new RdsFault("MissingParameter", "The request must contain the parameter " + name));
  }

  /** Identifiers may be given as ARNs (arn:aws:rds:…:cluster-snapshot:NAME); the data plane keys by name. */
  public String identifier(String name) {
    String value = required(name);
    return value.startsWith("arn:") ? value.substring(value.lastIndexOf(':') + 1) : value;
  }

  private static String scope(String authorization) {
    Matcher m = SCOPE.matcher(authorization);
    return m.find() ? m.group(1) : null;
  }
}
