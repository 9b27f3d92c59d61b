package dev.dbops.aurora.monitoring;

import dev.dbops.aurora.aws.MonitoringApi;
import dev.dbops.aurora.model.CostSpec;
import dev.dbops.aurora.model.CostStatus;
import dev.dbops.aurora.model.migration.CostComparison;
import java.time.Instant;

/**
 * The before-and-after cost of a migration: the source's figure is taken once before cutover, the
 * target's after cutover from its capacity since then, refreshed hourly like any cluster's.
 */
public final class MigrationCost {
  private MigrationCost() {}

  /** Records the source's figure unless one is already recorded. */
  public static CostComparison withSource(CostComparison comparison, MonitoringApi api, String sourceCluster,
      CostSpec spec, Instant now) {
    CostComparison result = comparison == null ? new CostComparison() : comparison;
    if (result.getSource() == null) {
      result.setSource(CostInsight.refresh(api, sourceCluster, spec, null, now));
    }
    return result;
  }

  /** Refreshes the target's figure over the time since cutover and the change against the source. */
  public static CostComparison withTarget(CostComparison comparison, MonitoringApi api, String targetCluster,
      CostSpec spec, Instant cutover, Instant now) {
    CostStatus target = CostInsight.refresh(api, targetCluster, spec, comparison.getTarget(), now, cutover);
    comparison.setTarget(target);
    comparison.setChangePercent(changePercent(comparison.getSource(), target));
    return comparison;
  }

  /** Null when either figure is missing or the source cost nothing (no percentage of zero). */
  static Double changePercent(CostStatus source, CostStatus target) {
    if (source == null || target == null || source.getEstimatedMonthlyCost() == null
        || target.getEstimatedMonthlyCost() == null || source.getEstimatedMonthlyCost() == 0) {
      return null;
    }
    double change = (target.getEstimatedMonthlyCost() - source.getEstimatedMonthlyCost())
        / source.getEstimatedMonthlyCost() * 100;
    return Math.round(change * 10) / 10.0;
  }
}
