package dev.dbops.aurora.testing;

import dev.dbops.aurora.aws.AlarmState;
import dev.dbops.aurora.aws.Datapoint;
import dev.dbops.aurora.aws.MetricAlarm;
import dev.dbops.aurora.aws.MonitoringApi;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/** CloudWatch in memory: alarms and dashboards by name, and capacity datapoints a test puts per cluster. */
public final class InMemoryMonitoringApi implements MonitoringApi {
  public final Map<String, MetricAlarm> alarms = new ConcurrentSkipListMap<>();
  public final Map<String, String> dashboards = new ConcurrentSkipListMap<>();
  public final AtomicInteger alarmPuts = new AtomicInteger();
  /** Per cluster, already one average per period: returned as they are when inside the window. */
  public final Map<String, List<Datapoint>> capacity = new ConcurrentHashMap<>();

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
    return capacity.getOrDefault(clusterIdentifier, List.of()).stream()
        .filter(p -> !p.timestamp().isBefore(start) && p.timestamp().isBefore(end))
        .toList();
  }
}
