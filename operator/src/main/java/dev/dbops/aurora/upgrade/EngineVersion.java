package dev.dbops.aurora.upgrade;

import java.util.Arrays;
import java.util.List;

/**
 * An Aurora PostgreSQL engine version such as "13.9" or "11.9", ordered numerically (13.12 is newer
 * than 13.9, which a string comparison gets wrong).
 */
public record EngineVersion(String text, List<Integer> parts) implements Comparable<EngineVersion> {

  public EngineVersion {
    parts = List.copyOf(parts);
  }

  public static EngineVersion parse(String text) {
    if (text == null || !text.matches("\\d+(\\.\\d+)*")) {
      throw new IllegalArgumentException("not an engine version: " + text);
    }
    return new EngineVersion(text, Arrays.stream(text.split("\\.")).map(Integer::valueOf).toList());
  }

  /** From PostgreSQL 10 on, the first number is the major version (and names the parameter group family). */
  public int major() {
    return parts.get(0);
  }

  @Override
  public int compareTo(EngineVersion other) {
    for (int i = 0; i < Math.min(parts.size(), other.parts.size()); i++) {
      int byPart = Integer.compare(parts.get(i), other.parts.get(i));
      if (byPart != 0) {
        return byPart;
      }
    }
    return Integer.compare(parts.size(), other.parts.size());
  }

  @Override
  public String toString() {
    return text;
  }
}
