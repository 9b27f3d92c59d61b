package dev.dbops.aurora.cluster;

import dev.dbops.aurora.model.cluster.ChangeAttempt;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Bounds how often the same change is sent to AWS. An endpoint can accept a ModifyDBCluster or a tag write
 * and never show its effect (a value RDS normalises, a setting it ignores, an emulator that drops it);
 * diffing again would send the same request forever. After {@link #LIMIT} identical sends, that change is
 * left out and reported; a new spec generation, a new desired value or a new observed value starts again.
 */
final class ChangeAttempts {
  static final int LIMIT = 3;

  private ChangeAttempts() {}

  /** Fields already sent {@link #LIMIT} times for exactly these values in this generation. */
  static Set<String> exhausted(List<ChangeAttempt> recorded, long generation, List<FieldDrift> drifts) {
    return drifts.stream()
        .filter(d -> previous(recorded, generation, d).map(a -> a.getAttempts() >= LIMIT).orElse(false))
        .map(FieldDrift::field)
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  /**
   * What status keeps after a pass: one entry per field still drifting, counted up where it was sent
   * again for the same values; fields that converged are forgotten.
   */
  static List<ChangeAttempt> afterSending(
      List<ChangeAttempt> recorded, long generation, List<FieldDrift> drifts, Set<String> sent) {
    List<ChangeAttempt> next = new ArrayList<>();
    for (FieldDrift d : drifts) {
      int before = previous(recorded, generation, d).map(ChangeAttempt::getAttempts).orElse(0);
      int attempts = before + (sent.contains(d.field()) ? 1 : 0);
      if (attempts > 0) {
        next.add(new ChangeAttempt(d.field(), d.desired(), d.observed(), attempts, generation));
      }
    }
    return next;
  }

  /** "scaling: desired 0.5-16.0 ACU, AWS reports 0.5-4.0 ACU" for each exhausted field. */
  static String describe(List<FieldDrift> drifts, Set<String> exhausted) {
    return drifts.stream()
        .filter(d -> exhausted.contains(d.field()))
        .map(d -> d.field() + ": desired " + d.desired() + ", AWS reports " + d.observed())
        .collect(Collectors.joining("; "));
  }

  private static Optional<ChangeAttempt> previous(List<ChangeAttempt> recorded, long generation, FieldDrift d) {
    if (recorded == null) {
      return Optional.empty();
    }
    return recorded.stream()
        .filter(a -> a.getGeneration() != null && a.getGeneration() == generation)
        .filter(a -> d.field().equals(a.getField()) && d.desired().equals(a.getDesired())
            && d.observed().equals(a.getObserved()))
        .filter(a -> a.getAttempts() != null)
        .findFirst();
  }
}
