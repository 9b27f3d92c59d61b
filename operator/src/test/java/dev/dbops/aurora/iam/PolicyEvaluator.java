package dev.dbops.aurora.iam;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Just enough of IAM's evaluation of one identity policy to replay the operator's calls against
 * the operator's IAM policies (read as one document): Allow and Deny, Action and Resource with * and ?, and the condition
 * operators the policy uses (String[Not]Equals, String[Not]Like, Null, Bool, with ForAnyValue: and
 * ForAllValues:). Anything else in the policy makes it throw, so the replay never silently agrees.
 *
 * <p>Each {@link Check} is one authorization AWS makes: RDS authorizes some calls once per resource they
 * touch (a new cluster, its subnet group, its parameter group ...), so a call is allowed only when every
 * one of its checks is.
 */
final class PolicyEvaluator {
  /** One authorization: an action on one resource, with that resource's tags and the request's tags. */
  record Check(String action, String resource, Map<String, String> resourceTags, Map<String, String> requestTags,
      Map<String, List<String>> extraContext) {

    Check {
      resourceTags = Map.copyOf(resourceTags);
      requestTags = Map.copyOf(requestTags);
      extraContext = Map.copyOf(extraContext);
    }

    static Check of(String action, String resource) {
      return new Check(action, resource, Map.of(), Map.of(), Map.of());
    }

    Check resourceTags(Map<String, String> tags) {
      return new Check(action, resource, tags, requestTags, extraContext);
    }

    /** Tags passed in the request; RDS also reports them as rds:TagsFromRequest = true. */
    Check requestTags(Map<String, String> tags) {
      Map<String, List<String>> extra = new LinkedHashMap<>(extraContext);
      if (!tags.isEmpty()) {
        extra.put("rds:TagsFromRequest", List.of("true"));
      }
      return new Check(action, resource, resourceTags, tags, extra);
    }

    Check context(String key, List<String> values) {
      Map<String, List<String>> extra = new LinkedHashMap<>(extraContext);
      extra.put(key, values);
      return new Check(action, resource, resourceTags, requestTags, extra);
    }

    Map<String, List<String>> conditionContext() {
      Map<String, List<String>> context = new LinkedHashMap<>(extraContext);
      resourceTags.forEach((k, v) -> context.put("aws:ResourceTag/" + k, List.of(v)));
      requestTags.forEach((k, v) -> context.put("aws:RequestTag/" + k, List.of(v)));
      if (!requestTags.isEmpty()) {
        context.put("aws:TagKeys", List.copyOf(requestTags.keySet()));
      }
      return context;
    }
  }

  private final JsonNode policy;

  PolicyEvaluator(JsonNode policy) {
    this.policy = policy;
  }

  /** True when some statement allows the check and none denies it (IAM's explicit deny wins). */
  boolean allows(Check check) {
    boolean allowed = false;
    for (JsonNode statement : policy.get("Statement")) {
      if (!applies(statement, check)) {
        continue;
      }
      if ("Deny".equals(statement.get("Effect").asText())) {
        return false;
      }
      allowed = true;
    }
    return allowed;
  }

  /** Every statement that allows the check, by Sid: what a failing scenario should print. */
  List<String> allowingStatements(Check check) {
    List<String> sids = new ArrayList<>();
    for (JsonNode statement : policy.get("Statement")) {
      if (applies(statement, check) && "Allow".equals(statement.get("Effect").asText())) {
        sids.add(statement.path("Sid").asText("(no Sid)"));
      }
    }
    return sids;
  }

  private static boolean applies(JsonNode statement, Check check) {
    return anyMatches(statement.get("Action"), check.action(), true)
        && anyMatches(statement.get("Resource"), check.resource(), false)
        && conditionsHold(statement.get("Condition"), check.conditionContext());
  }

  private static boolean anyMatches(JsonNode patterns, String value, boolean ignoreCase) {
    for (String pattern : strings(patterns)) {
      if (glob(pattern, ignoreCase).matcher(value).matches()) {
        return true;
      }
    }
    return false;
  }

  static Pattern glob(String pattern, boolean ignoreCase) {
    StringBuilder regex = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE : 0);
  }

  private static boolean conditionsHold(JsonNode condition, Map<String, List<String>> context) {
    if (condition == null) {
      return true;
    }
    Iterator<Map.Entry<String, JsonNode>> operators = condition.fields();
    while (operators.hasNext()) {
      Map.Entry<String, JsonNode> operator = operators.next();
      Iterator<Map.Entry<String, JsonNode>> keys = operator.getValue().fields();
      while (keys.hasNext()) {
        Map.Entry<String, JsonNode> key = keys.next();
        if (!holds(operator.getKey(), context.get(key.getKey()), strings(key.getValue()))) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean holds(String operator, List<String> present, List<String> wanted) {
    int colon = operator.indexOf(':');
    String set = colon > 0 ? operator.substring(0, colon) : "";
    String base = colon > 0 ? operator.substring(colon + 1) : operator;
    if (base.endsWith("IfExists")) {
      throw new IllegalArgumentException("…IfExists is not modelled here: " + operator);
    }
    boolean absent = present == null || present.isEmpty();
    if (base.equals("Null")) {
      return wanted.size() == 1 && Boolean.parseBoolean(wanted.get(0)) == absent;
    }
    switch (set) {
      case "ForAllValues":
        // True for an absent key or an empty set: the trap IAM's documentation warns about.
        return absent || present.stream().allMatch(v -> matches(base, v, wanted));
      case "ForAnyValue":
        return !absent && present.stream().anyMatch(v -> matches(base, v, wanted));
      case "":
        if (absent) {
          return isNegated(base);
        }
        if (present.size() != 1) {
          throw new IllegalArgumentException(operator + " on a multivalued key needs ForAnyValue/ForAllValues");
        }
        return matches(base, present.get(0), wanted);
      default:
        throw new IllegalArgumentException("unknown set operator " + operator);
    }
  }

  private static boolean isNegated(String base) {
    return base.startsWith("StringNot");
  }

  private static boolean matches(String base, String value, List<String> wanted) {
    return switch (base) {
      case "StringEquals" -> wanted.contains(value);
      case "StringNotEquals" -> !wanted.contains(value);
      case "StringLike" -> wanted.stream().anyMatch(w -> glob(w, false).matcher(value).matches());
      case "StringNotLike" -> wanted.stream().noneMatch(w -> glob(w, false).matcher(value).matches());
      case "Bool" -> wanted.stream().anyMatch(w -> w.equalsIgnoreCase(value));
      default -> throw new IllegalArgumentException("condition operator not modelled here: " + base);
    };
  }

  static List<String> strings(JsonNode node) {
    List<String> values = new ArrayList<>();
    if (node == null) {
      return values;
    }
    if (node.isArray()) {
      node.forEach(n -> values.add(n.asText()));
    } else {
      values.add(node.asText());
    }
    return values;
  }
}
