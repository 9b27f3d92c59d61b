package dev.dbops.aurora.migration.steps;

import dev.dbops.aurora.aws.AwsErrorKind;
import dev.dbops.aurora.aws.AwsException;
import dev.dbops.aurora.aws.ClusterSnapshot;
import dev.dbops.aurora.migration.MigrationContext;
import dev.dbops.aurora.migration.MigrationNames;
import java.util.Map;
import java.util.Optional;

/**
 * Creates the migration's snapshot of the source. The name is this migration's own (it carries the uid),
 * so RDS answering "already exists" means an earlier attempt made it: the SDK's retry of a create whose
 * answer was lost, or a create the last describe did not list yet. That snapshot is adopted only if it
 * carries this migration's owner tag; one that does not is left alone.
 */
final class OwnSnapshot {
  private OwnSnapshot() {}

  sealed interface Outcome permits Ours, NotListedYet, NotOurs {}

  record Ours(ClusterSnapshot snapshot) implements Outcome {}

  /** RDS has it, its describe does not show it yet (eventual consistency): look again later. */
  record NotListedYet() implements Outcome {}

  record NotOurs(ClusterSnapshot snapshot) implements Outcome {}

  static Outcome create(MigrationContext ctx, String id) {
    try {
      return new Ours(ctx.clusters().createSnapshot(
          ctx.names().sourceCluster(), id, Tags.of(ctx, Map.of(MigrationNames.OWNER_TAG, ctx.names().ownerTagValue()))));
    } catch (AwsException e) {
      if (e.kind() != AwsErrorKind.ALREADY_EXISTS) {
        throw e;
      }
    }
    Optional<ClusterSnapshot> existing = ctx.clusters().findSnapshot(id);
    if (existing.isEmpty()) {
      return new NotListedYet();
    }
    boolean ours = ctx.names().ownerTagValue().equals(existing.get().tags().get(MigrationNames.OWNER_TAG));
    return ours ? new Ours(existing.get()) : new NotOurs(existing.get());
  }
}
