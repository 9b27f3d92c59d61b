package dev.dbops.aurora.migration;

import dev.dbops.aurora.migration.steps.StatementCheckStep;
import dev.dbops.aurora.model.migration.AuroraMigration;
import io.javaoperatorsdk.operator.ReconcilerUtils;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Map;
import java.util.Objects;

/**
 * Which updates of an AuroraMigration wake its reconciler: those JOSDK's generation-aware processing lets
 * through (a spec change, the finalizer just added, deletion requested) and a new value of the annotation
 * {@value StatementCheckStep#RECHECK_ANNOTATION}, which changes no generation. The operator's own status
 * and finalizer writes, labels and other annotations (Argo CD's tracking ones) still wake nothing.
 *
 * <p>JOSDK ANDs a custom update filter with its generation check, so an annotation could never pass while
 * that check is on: AuroraMigrationReconciler turns it off and this filter carries the same rule itself.
 */
public final class SpecOrRecheckChangeFilter implements OnUpdateFilter<AuroraMigration> {
  /** The finalizer JOSDK puts on each AuroraMigration (the reconciler names none of its own). */
  static final String FINALIZER = ReconcilerUtils.getDefaultFinalizerName(AuroraMigration.class);

  @Override
  public boolean accept(AuroraMigration updated, AuroraMigration previous) {
    return generationIncreased(updated, previous)
        || updated.isMarkedForDeletion() && !previous.isMarkedForDeletion()
        || updated.hasFinalizer(FINALIZER) && !previous.hasFinalizer(FINALIZER)
        || newRecheckValue(updated, previous);
  }

  private static boolean generationIncreased(AuroraMigration updated, AuroraMigration previous) {
    Long before = previous.getMetadata().getGeneration();
    Long after = updated.getMetadata().getGeneration();
    // As JOSDK does: without a generation to compare, every update counts.
    return before == null || after == null || after > before;
  }

  /** Removing the annotation asks for nothing, so only a present value that differs wakes the reconciler. */
  private static boolean newRecheckValue(AuroraMigration updated, AuroraMigration previous) {
    String after = recheckValue(updated);
    return after != null && !Objects.equals(after, recheckValue(previous));
  }

  private static String recheckValue(AuroraMigration migration) {
    Map<String, String> annotations = migration.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(StatementCheckStep.RECHECK_ANNOTATION);
  }
}
