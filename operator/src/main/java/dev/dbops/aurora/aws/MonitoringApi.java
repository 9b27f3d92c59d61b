package dev.dbops.aurora.aws;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * CloudWatch as the operator needs it: alarms and dashboards it owns, and the capacity history behind the
 * cost estimate. Puts are upserts (same name, new definition), so callers never check before writing.
 */
public interface MonitoringApi {

  /** Creates the alarm or replaces the definition of the alarm with the same name. */
  void putAlarm(MetricAlarm alarm);

  /** Deletes these alarms; names that do not exist are ignored. */
  void deleteAlarms(Collection<String> names);

  /** Every alarm whose name starts with the prefix, with its current state. */
  List<AlarmState> describeAlarms(String namePrefix);

  /** Creates or replaces the dashboard. */
  void putDashboard(String name, String body);

  /** Deletes the dashboard; a dashboard that does not exist is not an error. */
  void deleteDashboard(String name);

  /** Average ServerlessDatabaseCapacity of the cluster per period, oldest first; periods without data are absent. */
  List<Datapoint> capacityDatapoints(String clusterIdentifier, Instant start, Instant end, Duration period);
}
