package dev.dbops.aurora.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.model.cluster.ChangeAttempt;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChangeAttemptsTest {
  static final FieldDrift SCALING = new FieldDrift("scaling", "0.5-16.0 ACU", "0.5-4.0 ACU");

  /** Sends every drift that is not exhausted, as the reconciler does, and returns what status keeps. */
  static List<ChangeAttempt> pass(List<ChangeAttempt> before, long generation, List<FieldDrift> drifts) {
    Set<String> exhausted = ChangeAttempts.exhausted(before, generation, drifts);
    Set<String> sent = new java.util.HashSet<>();
    drifts.stream().map(FieldDrift::field).filter(f -> !exhausted.contains(f)).forEach(sent::add);
    return ChangeAttempts.afterSending(before, generation, drifts, sent);
  }

  @Test
  void identicalAttemptsAreCountedUntilTheLimit() {
    List<ChangeAttempt> status = List.of();
    for (int i = 1; i <= ChangeAttempts.LIMIT; i++) {
      int passes = i;
      assertThat(ChangeAttempts.exhausted(status, 1, List.of(SCALING))).isEmpty();
      status = pass(status, 1, List.of(SCALING));
      assertThat(status).singleElement().satisfies(a -> assertThat(a.getAttempts()).isEqualTo(passes));
    }
    assertThat(status).singleElement().satisfies(a -> assertThat(a.getAttempts()).isEqualTo(ChangeAttempts.LIMIT));
    assertThat(ChangeAttempts.exhausted(status, 1, List.of(SCALING))).containsExactly("scaling");
    assertThat(pass(status, 1, List.of(SCALING))).singleElement()
        .satisfies(a -> assertThat(a.getAttempts()).as("not sent, not counted").isEqualTo(ChangeAttempts.LIMIT));
  }

  @Test
  void aNewDesiredValueAnObservedChangeOrANewSpecStartsAgain() {
    List<ChangeAttempt> status = List.of();
    for (int i = 0; i < ChangeAttempts.LIMIT; i++) {
      status = pass(status, 1, List.of(SCALING));
    }
    FieldDrift newDesired = new FieldDrift("scaling", "0.5-32.0 ACU", "0.5-4.0 ACU");
    FieldDrift observedMoved = new FieldDrift("scaling", "0.5-16.0 ACU", "0.5-8.0 ACU");

    assertThat(ChangeAttempts.exhausted(status, 1, List.of(newDesired))).isEmpty();
    assertThat(ChangeAttempts.exhausted(status, 1, List.of(observedMoved))).isEmpty();
    assertThat(ChangeAttempts.exhausted(status, 2, List.of(SCALING))).isEmpty();
    assertThat(pass(status, 1, List.of(observedMoved))).singleElement()
        .satisfies(a -> assertThat(a.getAttempts()).isEqualTo(1))
        .satisfies(a -> assertThat(a.getObserved()).isEqualTo("0.5-8.0 ACU"));
  }

  @Test
  void aFieldThatConvergedIsForgotten() {
    List<ChangeAttempt> status = pass(List.of(), 1, List.of(SCALING));

    assertThat(pass(status, 1, List.of())).isEmpty();
  }
}
