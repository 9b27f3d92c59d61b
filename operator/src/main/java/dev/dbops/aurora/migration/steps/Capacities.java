package dev.dbops.aurora.migration.steps;

import dev.dbops.aurora.aws.Capacity;
import dev.dbops.aurora.model.ScalingSpec;

/** The target's Serverless v2 scaling from the spec, with the CRD's defaults applied. */
public final class Capacities {
  private Capacities() {}

  public static Capacity of(ScalingSpec scaling) {
    double min = scaling.getMinCapacity() == null ? 0.5 : scaling.getMinCapacity();
    Integer pause = min == 0.0 ? scaling.getSecondsUntilAutoPause() : null;
    return new Capacity(min, scaling.getMaxCapacity(), pause);
  }
}
