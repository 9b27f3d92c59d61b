package dev.dbops.aurora.aws;

import java.util.Objects;

/**
 * A password or key on its way to AWS. Records print every component in toString, so a plain
 * String here would leak into logs and exception messages; this type never prints its value.
 */
public final class SecretValue {
  private final String value;

  private SecretValue(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  public static SecretValue of(String value) {
    return new SecretValue(value);
  }

  /** The secret itself; call only where it is handed to a client library. */
  public String reveal() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SecretValue other && other.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return "*****";
  }
}
