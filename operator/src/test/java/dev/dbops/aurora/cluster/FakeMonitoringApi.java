package dev.dbops.aurora.cluster;

import dev.dbops.aurora.aws.AlarmState;
import dev.dbops.aurora.aws.Datapoint;
import dev.dbops.aurora.aws.MetricAlarm;
import dev.dbops.aurora.aws.MonitoringApi;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/** CloudWatch in memory: alarms and dashboards by name, no metric data. */
final class FakeMonitoringApi implements MonitoringApi {
  final Map<String, MetricAlarm> alarms = new ConcurrentSkipListMap<>();
  final Map<String, String> dashboards = new ConcurrentSkipListMap<>();
  final AtomicInteger alarmPuts = new AtomicInteger();

  @Override
  public void putAlarm(MetricAlarm alarm) {
    alarmPuts.incrementAndGet();
    alarms.put(alarm.name(), alarm);
  }

  @Override
  public void deleteAlarms(Collection<String> names) {
    names.forEach(alarms::remove);
  }

  @Override
  public List<AlarmState> describeAlarms(String namePrefix) {
    return alarms.keySet().stream().filter(n -> n.startsWith(namePrefix))
        .map(n -> new AlarmState(n, "INSUFFICIENT_DATA")).toList();
  }

  @Override
  public void putDashboard(String name, String body) {
    dashboards.put(name, body);
  }

  @Override
  public void deleteDashboard(String name) {
    dashboards.remove(name);
  }

  @Override
  public List<Datapoint> capacityDatapoints(String clusterIdentifier, Instant start, Instant end, Duration period) {
    return List.of();
  }
}
