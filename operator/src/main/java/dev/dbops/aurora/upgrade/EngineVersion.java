package dev.dbops.aurora.upgrade;

import java.util.Arrays;
import java.util.Comparator;

/**
 * An Aurora PostgreSQL engine version such as "13.9" or "11.9", ordered numerically (13.12 is newer
 * than 13.9, which a string comparison gets wrong).
 */
public record EngineVersion(String text, int[] parts) implements Comparable<EngineVersion> {

  private static final Comparator<int[]> NUMERIC = Arrays::compare;

  public static EngineVersion parse(String text) {
    if (text == null || !text.matches("\\d+(\\.\\d+)*")) {
      throw new IllegalArgumentException("not an engine version: " + text);
    }
    return new EngineVersion(text, Arrays.stream(text.split("\\.")).mapToInt(Integer::parseInt).toArray());
  }

  /** 9.6 → 9.6 style majors did not reach Aurora's upgrade paths here; from 10 on the first number is the major. */
  public int major() {
    return parts[0];
  }

  @Override
  public int compareTo(EngineVersion other) {
    return NUMERIC.compare(parts, other.parts);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EngineVersion other && Arrays.equals(parts, other.parts);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(parts);
  }

  @Override
  public String toString() {
    return text;
  }
}
