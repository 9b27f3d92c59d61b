package dev.dbops.aurora.monitoring;

import dev.dbops.aurora.aws.Datapoint;
import java.time.Duration;
import java.util.List;

/**
 * ACU-hours and the monthly estimate from average-capacity datapoints.
 *
 * <p>Each datapoint is the average ACUs over one period, so it contributes average × period-in-hours
 * ACU-hours. The monthly estimate scales the ACU-hours of the hours that have data to 30 days (720 hours):
 * a cluster created two days into a seven-day window is estimated from its two days, not diluted by five
 * days in which it did not exist.
 */
public record CapacityCost(double acuHours, double observedHours, double estimatedMonthlyCost) {
  static final double HOURS_PER_MONTH = 30 * 24;

  public static CapacityCost of(List<Datapoint> averages, Duration period, double pricePerAcuHour) {
    double periodHours = period.toSeconds() / 3600d;
    double acuHours = averages.stream().mapToDouble(p -> p.value() * periodHours).sum();
    double observedHours = averages.size() * periodHours;
    double monthly = observedHours == 0 ? 0 : acuHours / observedHours * HOURS_PER_MONTH * pricePerAcuHour;
    return new CapacityCost(round(acuHours, 3), observedHours, round(monthly, 2));
  }

  private static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }
}
