package dev.dbops.aurora.datadog;

import java.util.List;

/**
 * Datadog as the operator needs it: monitors and a dashboard it owns, found again by their deterministic
 * names and the owner tag, so a second pass updates them instead of creating duplicates.
 */
public interface DatadogApi {

  /** Creates the monitor, or updates the one with the same name and owner tag; returns its id. */
  String upsertMonitor(DatadogMonitor monitor);

  /** Creates the dashboard, or updates the one with the same title; returns its id. */
  String upsertDashboard(String title, String description, List<DatadogGraph> graphs);

  /** Deletes every monitor carrying the owner tag and the dashboard with the title; absent ones are fine. */
  void deleteOwned(String ownerTag, String dashboardTitle);
}
