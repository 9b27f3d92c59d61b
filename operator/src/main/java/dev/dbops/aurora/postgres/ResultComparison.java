package dev.dbops.aurora.postgres;

import java.util.Optional;

/**
 * A parameterless read run on both sides: the two digests, or why it could not be compared (a timeout, a
 * write the read-only transaction refused, an error on one side).
 */
public record ResultComparison(Optional<ResultDigest> source, Optional<ResultDigest> target, String problem) {

  static ResultComparison compared(ResultDigest source, ResultDigest target) {
    return new ResultComparison(Optional.of(source), Optional.of(target), null);
  }

  static ResultComparison notCompared(String problem) {
    return new ResultComparison(Optional.empty(), Optional.empty(), problem);
  }

  public boolean compared() {
    return problem == null;
  }

  public boolean mismatch() {
    return compared() && !source.equals(target);
  }

  public String describe() {
    if (!compared()) {
      return "not compared: " + problem;
    }
    return "source " + source.get().describe() + " → target " + target.get().describe();
  }
}
