package dev.dbops.aurora;

import dev.dbops.aurora.aws.AwsRegions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the default region's AWS clients and takes the inventory's first listing while the operator
 * starts, instead of inside the first reconcile. Measured on the fleet bench (N=1, chart's JVM flags): the
 * first DatabaseCluster's CreateDBCluster came about 4 s after it was applied, with every reconcile thread
 * waiting for the region's SDK clients to be built and their classes loaded; every cluster applied soon
 * after an operator start paid that wait. Costs one listing, which the first resync would make anyway.
 */
final class AwsWarmUp {
  private static final Logger LOG = LoggerFactory.getLogger(AwsWarmUp.class);
  /** Looked up only to trigger the listing; whether it exists does not matter. */
  static final String PROBE = "aurora-operator-warm-up";

  private AwsWarmUp() {}

  /** Starts the warm-up on a daemon thread; a failure is logged and left to the first reconcile to meet. */
  static Thread inBackground(AwsRegions regions) {
    Thread thread = new Thread(() -> {
      try {
        regions.clusters(regions.defaultRegion()).findCluster(PROBE);
      } catch (RuntimeException e) {
        LOG.info("AWS warm-up failed, the first reconcile will try again: {}", e.getMessage());
      }
    }, "aws-warm-up");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
