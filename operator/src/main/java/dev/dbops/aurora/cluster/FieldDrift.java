package dev.dbops.aurora.cluster;

/**
 * One setting where AWS differs from the spec, with both values as text for status and events. Never
 * built for the master password: its value must not reach status, and AWS never shows it anyway.
 */
public record FieldDrift(String field, String desired, String observed) {

  static final String NONE = "(none)";

  static String text(Object value) {
    return value == null ? NONE : String.valueOf(value);
  }
}
