package dev.dbops.aurora.migration;

import dev.dbops.aurora.migration.AppRouting.ConnectionDetails;
import dev.dbops.aurora.model.ParameterGroupSpec;
import dev.dbops.aurora.model.cluster.DatabaseClusterSpec;
import dev.dbops.aurora.model.cluster.DeletionPolicy;
import dev.dbops.aurora.model.migration.AdoptionSpec;
import dev.dbops.aurora.model.migration.TargetSpec;

/**
 * The spec of the DatabaseCluster that adopts a migration's target at cutover: everything the migration
 * set, so the adopter never "corrects" the cluster back to its own defaults. The shared shape
 * ({@link dev.dbops.aurora.model.ServerlessClusterShape}) is copied whole; TargetSpec's own fields are
 * mapped here one by one. Not handed over: the DB (instance) parameter group, which a DatabaseCluster
 * neither declares nor changes (its instances keep the group the upgrade set), and the SQL connection
 * override, which a DatabaseCluster does not use. Tags become the adopter's spec.tags, so it manages them
 * from then on; tags others put on the cluster stay untouched (status.managedTagKeys starts empty).
 */
public final class TargetHandover {
  static final String ENGINE = "aurora-postgresql";

  private TargetHandover() {}

  /**
   * @param target the migration's spec.target
   * @param created the cluster as the migration left it: its resolved identifier, region and final version
   * @param adoption what the user asked of the adopter
   */
  public static DatabaseClusterSpec specFor(TargetSpec target, ConnectionDetails created, AdoptionSpec adoption) {
    DatabaseClusterSpec spec = new DatabaseClusterSpec();
    target.copyShapeTo(spec);
    spec.setClusterIdentifier(created.clusterIdentifier());
    spec.setRegion(created.region());
    spec.setEngine(ENGINE);
    spec.setEngineVersion(created.engineVersion());
    spec.setAdoptExisting(true);
    spec.setDeletionProtection(target.isDeletionProtection());
    // Unset stays unset: a DatabaseCluster without a parameter group keeps the one the cluster has (the
    // family default the upgrade moved to), where naming one would make the adopter enforce it.
    if (target.getClusterParameterGroupName() != null) {
      ParameterGroupSpec group = new ParameterGroupSpec();
      group.setName(target.getClusterParameterGroupName());
      spec.setParameterGroup(group);
    }
    spec.setDeletionPolicy(
        adoption.getDeletionPolicy() == null ? DeletionPolicy.Retain : DeletionPolicy.valueOf(adoption.getDeletionPolicy()));
    return spec;
  }
}
