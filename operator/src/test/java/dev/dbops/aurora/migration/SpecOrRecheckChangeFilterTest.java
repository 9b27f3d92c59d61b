package dev.dbops.aurora.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbops.aurora.migration.steps.StatementCheckStep;
import dev.dbops.aurora.model.migration.AuroraMigration;
import dev.dbops.aurora.model.migration.AuroraMigrationStatus;
import dev.dbops.aurora.testing.MigrationResources;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Each kind of update an AuroraMigration sees, from a copy of the same resource changed one way. */
class SpecOrRecheckChangeFilterTest {
  private final SpecOrRecheckChangeFilter filter = new SpecOrRecheckChangeFilter();
  private final AuroraMigration previous = migration();

  @Test
  void aSpecChangeWakesTheReconciler() {
    assertThat(accepts(m -> m.getMetadata().setGeneration(2L))).isTrue();
  }

  @Test
  void aNewRecheckValueWakesTheReconcilerThoughTheGenerationStays() {
    assertThat(accepts(m -> m.getMetadata().getAnnotations().put(StatementCheckStep.RECHECK_ANNOTATION, "2"))).isTrue();
    previous.getMetadata().getAnnotations().remove(StatementCheckStep.RECHECK_ANNOTATION);
    assertThat(accepts(m -> m.getMetadata().getAnnotations().put(StatementCheckStep.RECHECK_ANNOTATION, "1")))
        .as("the first value set").isTrue();
  }

  @Test
  void theSameRecheckValueOrItsRemovalDoesNot() {
    assertThat(accepts(m -> {})).isFalse();
    assertThat(accepts(m -> m.getMetadata().getAnnotations().remove(StatementCheckStep.RECHECK_ANNOTATION))).isFalse();
  }

  @Test
  void otherMetadataAndStatusWritesDoNot() {
    assertThat(accepts(m -> m.getMetadata().getAnnotations().put("argocd.argoproj.io/tracking-id", "shop:x/y"))).isFalse();
    assertThat(accepts(m -> m.getMetadata().getLabels().put("team", "orders"))).isFalse();
    assertThat(accepts(m -> m.setStatus(new AuroraMigrationStatus()))).isFalse();
    assertThat(accepts(m -> m.getMetadata().setResourceVersion("43"))).isFalse();
    assertThat(accepts(m -> m.getMetadata().getFinalizers().add("argocd.argoproj.io/resources-finalizer"))).isFalse();
  }

  @Test
  void theOperatorsFinalizerJustAddedAndADeletionRequestWakeIt() {
    assertThat(accepts(m -> m.getMetadata().getFinalizers().add(SpecOrRecheckChangeFilter.FINALIZER))).isTrue();
    assertThat(accepts(m -> m.getMetadata().setDeletionTimestamp("2026-12-02T07:00:00Z"))).isTrue();
  }

  @Test
  void aResourceWithoutGenerationIsNotFilteredAsJosdkDoesNot() {
    previous.getMetadata().setGeneration(null);
    assertThat(accepts(m -> {})).isTrue();
  }

  private boolean accepts(Consumer<AuroraMigration> change) {
    AuroraMigration updated = Serialization.clone(previous);
    change.accept(updated);
    return filter.accept(updated, previous);
  }

  private static AuroraMigration migration() {
    AuroraMigration m = MigrationResources.migrationOf("orders-v1", null);
    m.getMetadata().setResourceVersion("42");
    m.getMetadata().getAnnotations().put(StatementCheckStep.RECHECK_ANNOTATION, "1");
    m.getMetadata().getLabels().put("app", "orders");
    return m;
  }
}
