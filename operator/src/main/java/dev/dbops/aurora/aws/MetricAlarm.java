package dev.dbops.aurora.aws;

import java.util.List;
import java.util.Map;

/**
 * One CloudWatch metric alarm as the operator defines it.
 *
 * @param comparison a CloudWatch ComparisonOperator name, e.g. GreaterThanThreshold
 * @param statistic Average, Maximum, Minimum, Sum or SampleCount
 */
public record MetricAlarm(
    String name,
    String description,
    String namespace,
    String metricName,
    Map<String, String> dimensions,
    String statistic,
    int periodSeconds,
    int evaluationPeriods,
    double threshold,
    String comparison,
    List<String> actions,
    Map<String, String> tags) {

  public MetricAlarm {
    dimensions = Map.copyOf(dimensions);
    actions = List.copyOf(actions);
    tags = Map.copyOf(tags);
  }
}
