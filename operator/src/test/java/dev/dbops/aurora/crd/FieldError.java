package dev.dbops.aurora.crd;

import java.util.List;
import java.util.Map;

/**
 * One refusal, rendered the way the API server's field errors read
 * (k8s.io/apimachinery/pkg/util/validation/field), so that an expectation written against this
 * validator also holds against a real API server.
 */
public record FieldError(Kind kind, String path, Object badValue, String detail) {

  /** Error types the API server uses for custom resources. */
  public enum Kind {
    REQUIRED("Required value", true, false),
    INVALID("Invalid value", false, true),
    /** A failed x-kubernetes-validations rule: kube-apiserver 1.37 shows scalar values and leaves objects and lists out. */
    RULE("Invalid value", false, true),
    TYPE_INVALID("Invalid value", true, true),
    NOT_SUPPORTED("Unsupported value", true, true),
    TOO_LONG("Too long", true, false),
    TOO_MANY("Too many", true, true);

    private final String text;
    /** The API server skips CEL rules when any error of such a kind exists (hasBlockingErr). */
    private final boolean blocking;
    private final boolean showsValue;

    Kind(String text, boolean blocking, boolean showsValue) {
      this.text = text;
      this.blocking = blocking;
      this.showsValue = showsValue;
    }
  }

  public static FieldError required(String path) {
    return new FieldError(Kind.REQUIRED, path, null, "");
  }

  public static FieldError invalid(String path, Object value, String detail) {
    return new FieldError(Kind.INVALID, path, value, detail);
  }

  public static FieldError rule(String path, Object value, String detail) {
    return new FieldError(Kind.RULE, path, value, detail);
  }

  public boolean blocksCelRules() {
    return kind.blocking;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(path).append(": ").append(kind.text);
    boolean composite = badValue instanceof Map<?, ?> || badValue instanceof List<?>;
    if (kind.showsValue && !(kind == Kind.RULE && composite)) {
      s.append(": ").append(goValue(badValue));
    }
    if (!detail.isEmpty()) {
      s.append(": ").append(detail);
    }
    return s.toString();
  }

  /** Formats a value as Go's %v / %q would in the API server's messages. */
  static String goValue(Object value) {
    if (value instanceof String string) {
      return quoted(string);
    }
    if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite() && Math.abs(d) < 1e21) {
      return Long.toString(d.longValue());
    }
    if (value instanceof Map<?, ?>) {
      return "\"object\"";
    }
    if (value instanceof List<?>) {
      return "\"array\"";
    }
    return String.valueOf(value);
  }

  static String quoted(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
