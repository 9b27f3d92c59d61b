package dev.dbops.aurora.monitoring;

import dev.dbops.aurora.aws.Datapoint;
import dev.dbops.aurora.aws.MonitoringApi;
import dev.dbops.aurora.model.CostSpec;
import dev.dbops.aurora.model.CostStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The cost figure of one cluster, refreshed at most once an hour: the window ends at the last full hour,
 * and a figure whose window already ends there is kept, so resyncs in between cost no GetMetricData call.
 */
public final class CostInsight {
  static final int DEFAULT_WINDOW_DAYS = 7;
  static final double DEFAULT_PRICE_PER_ACU_HOUR = 0.12;
  /** Hourly averages: 63 days are 1,512 points, well within one GetMetricData page. */
  static final Duration PERIOD = Duration.ofHours(1);

  private CostInsight() {}

  /** The previous figure when it is current, otherwise a new one from CloudWatch. */
  public static CostStatus refresh(MonitoringApi api, String clusterIdentifier, CostSpec spec, CostStatus previous,
      Instant now) {
    return refresh(api, clusterIdentifier, spec, previous, now, null);
  }

  /** @param notBefore the window starts no earlier than this (e.g. a cutover), or null */
  public static CostStatus refresh(MonitoringApi api, String clusterIdentifier, CostSpec spec, CostStatus previous,
      Instant now, Instant notBefore) {
    Instant end = now.truncatedTo(ChronoUnit.HOURS);
    if (previous != null && previous.getWindowEnd() != null && !Instant.parse(previous.getWindowEnd()).isBefore(end)) {
      return previous;
    }
    int days = spec == null || spec.getWindowDays() == null ? DEFAULT_WINDOW_DAYS : spec.getWindowDays();
    double price = spec == null || spec.getPricePerAcuHour() == null
        ? DEFAULT_PRICE_PER_ACU_HOUR : spec.getPricePerAcuHour();
    Instant start = end.minus(Duration.ofDays(days));
    if (notBefore != null && notBefore.isAfter(start)) {
      start = notBefore.isBefore(end) ? notBefore : end.minus(PERIOD);
    }
    List<Datapoint> points = api.capacityDatapoints(clusterIdentifier, start, end, PERIOD);
    CapacityCost cost = CapacityCost.of(points, PERIOD, price);
    CostStatus status = new CostStatus();
    status.setWindowStart(start.toString());
    status.setWindowEnd(end.toString());
    status.setAcuHours(cost.acuHours());
    status.setEstimatedMonthlyCost(cost.estimatedMonthlyCost());
    return status;
  }
}
