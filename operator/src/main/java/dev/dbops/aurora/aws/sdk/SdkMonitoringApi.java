package dev.dbops.aurora.aws.sdk;

import dev.dbops.aurora.aws.AlarmState;
import dev.dbops.aurora.aws.Datapoint;
import dev.dbops.aurora.aws.MetricAlarm;
import dev.dbops.aurora.aws.MonitoringApi;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.DashboardNotFoundErrorException;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsRequest;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;
import software.amazon.awssdk.services.cloudwatch.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.cloudwatch.model.Tag;

/** {@link MonitoringApi} on one region's CloudWatch client. */
public final class SdkMonitoringApi implements MonitoringApi {
  /** DeleteAlarms takes at most 100 names per call. */
  private static final int DELETE_BATCH = 100;

  private final CloudWatchClient cloudWatch;

  public SdkMonitoringApi(CloudWatchClient cloudWatch) {
    this.cloudWatch = cloudWatch;
  }

  @Override
  public void putAlarm(MetricAlarm alarm) {
    try {
      cloudWatch.putMetricAlarm(b -> b
          .alarmName(alarm.name())
          .alarmDescription(alarm.description())
          .namespace(alarm.namespace())
          .metricName(alarm.metricName())
          .dimensions(alarm.dimensions().entrySet().stream()
              .sorted(java.util.Map.Entry.comparingByKey())
              .map(e -> Dimension.builder().name(e.getKey()).value(e.getValue()).build())
              .toList())
          .statistic(alarm.statistic())
          .period(alarm.periodSeconds())
          .evaluationPeriods(alarm.evaluationPeriods())
          .threshold(alarm.threshold())
          .comparisonOperator(alarm.comparison())
          // A paused or idle cluster reports nothing; that is not a problem worth paging anyone for.
          .treatMissingData("notBreaching")
          .actionsEnabled(true)
          .alarmActions(alarm.actions())
          // CloudWatch applies tags only when the alarm is created; on later puts they are ignored.
          .tags(alarm.tags().entrySet().stream()
              .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
              .toList()));
    } catch (SdkException e) {
      throw AwsErrorClassifier.classify(e);
    }
  }

  @Override
  public void deleteAlarms(Collection<String> names) {
    List<String> all = List.copyOf(names);
    try {
      for (int from = 0; from < all.size(); from += DELETE_BATCH) {
        List<String> batch = all.subList(from, Math.min(all.size(), from + DELETE_BATCH));
        cloudWatch.deleteAlarms(b -> b.alarmNames(batch));
      }
    } catch (SdkException e) {
      throw AwsErrorClassifier.classify(e);
    }
  }

  @Override
  public List<AlarmState> describeAlarms(String namePrefix) {
    List<AlarmState> states = new ArrayList<>();
    String token = null;
    try {
      do {
        DescribeAlarmsResponse page = cloudWatch.describeAlarms(
            DescribeAlarmsRequest.builder().alarmNamePrefix(namePrefix).nextToken(token).build());
        page.metricAlarms().forEach(a -> states.add(new AlarmState(a.alarmName(), a.stateValueAsString())));
        token = page.nextToken();
      } while (token != null && !token.isEmpty());
    } catch (SdkException e) {
      throw AwsErrorClassifier.classify(e);
    }
    states.sort(Comparator.comparing(AlarmState::name));
    return states;
  }

  @Override
  public void putDashboard(String name, String body) {
    try {
      cloudWatch.putDashboard(b -> b.dashboardName(name).dashboardBody(body));
    } catch (SdkException e) {
      throw AwsErrorClassifier.classify(e);
    }
  }

  @Override
  public void deleteDashboard(String name) {
    try {
      cloudWatch.deleteDashboards(b -> b.dashboardNames(name));
    } catch (DashboardNotFoundErrorException | ResourceNotFoundException gone) {
      // Already gone is what we wanted.
    } catch (SdkException e) {
      if (!dashboardNotFound(e)) {
        throw AwsErrorClassifier.classify(e);
      }
    }
  }

  /**
   * CloudWatch's CBOR protocol names errors by shape, its Query compatibility by code ("ResourceNotFound"
   * for DashboardNotFoundError); an answer the SDK cannot map to a modelled exception arrives as a plain
   * CloudWatchException carrying only the code, as moto's does.
   */
  private static boolean dashboardNotFound(SdkException e) {
    return e instanceof AwsServiceException service && service.awsErrorDetails() != null
        && ("ResourceNotFound".equals(service.awsErrorDetails().errorCode())
            || "DashboardNotFoundError".equals(service.awsErrorDetails().errorCode()));
  }

  @Override
  public List<Datapoint> capacityDatapoints(String clusterIdentifier, Instant start, Instant end, Duration period) {
    MetricDataQuery query = MetricDataQuery.builder()
        .id("capacity")
        .returnData(true)
        .metricStat(MetricStat.builder()
            .metric(Metric.builder()
                .namespace("AWS/RDS")
                .metricName("ServerlessDatabaseCapacity")
                .dimensions(Dimension.builder().name("DBClusterIdentifier").value(clusterIdentifier).build())
                .build())
            .period((int) period.toSeconds())
            .stat("Average")
            .build())
        .build();
    List<Datapoint> points = new ArrayList<>();
    String token = null;
    try {
      do {
        GetMetricDataResponse page = cloudWatch.getMetricData(GetMetricDataRequest.builder()
            .metricDataQueries(query)
            .startTime(start)
            .endTime(end)
            .scanBy(ScanBy.TIMESTAMP_ASCENDING)
            .nextToken(token)
            .build());
        for (MetricDataResult result : page.metricDataResults()) {
          for (int i = 0; i < result.timestamps().size() && i < result.values().size(); i++) {
            points.add(new Datapoint(result.timestamps().get(i), result.values().get(i)));
          }
        }
        token = page.nextToken();
      } while (token != null && !token.isEmpty());
    } catch (SdkException e) {
      throw AwsErrorClassifier.classify(e);
    }
    points.sort(Comparator.comparing(Datapoint::timestamp));
    return points;
  }
}
