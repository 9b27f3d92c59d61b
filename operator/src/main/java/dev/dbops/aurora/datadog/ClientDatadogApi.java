package dev.dbops.aurora.datadog;

import com.datadog.api.client.ApiClient;
import com.datadog.api.client.ApiException;
import com.datadog.api.client.RetryConfig;
import com.datadog.api.client.v1.api.DashboardsApi;
import com.datadog.api.client.v1.api.MonitorsApi;
import com.datadog.api.client.v1.model.Dashboard;
import com.datadog.api.client.v1.model.DashboardLayoutType;
import com.datadog.api.client.v1.model.DashboardSummaryDefinition;
import com.datadog.api.client.v1.model.Monitor;
import com.datadog.api.client.v1.model.MonitorOptions;
import com.datadog.api.client.v1.model.MonitorThresholds;
import com.datadog.api.client.v1.model.MonitorType;
import com.datadog.api.client.v1.model.MonitorUpdateRequest;
import com.datadog.api.client.v1.model.TimeseriesWidgetDefinition;
import com.datadog.api.client.v1.model.TimeseriesWidgetDefinitionType;
import com.datadog.api.client.v1.model.TimeseriesWidgetRequest;
import com.datadog.api.client.v1.model.Widget;
import com.datadog.api.client.v1.model.WidgetDefinition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link DatadogApi} on Datadog's own Java client. The client retries 429 and 5xx answers itself, waiting
 * as long as Datadog's X-RateLimit-Reset header says; what still fails becomes a {@link DatadogException}.
 */
public final class ClientDatadogApi implements DatadogApi {
  /** Attempts after the first, for rate limits and 5xx. */
  static final int MAX_RETRIES = 3;

  private final MonitorsApi monitors;
  private final DashboardsApi dashboards;

  public ClientDatadogApi(DatadogConnection connection) {
    ApiClient client = new ApiClient();
    Map<String, String> keys = new HashMap<>();
    keys.put("apiKeyAuth", connection.apiKey().reveal());
    keys.put("appKeyAuth", connection.applicationKey().reveal());
    client.configureApiKeys(keys);
    Map<String, String> variables = new HashMap<>();
    if (connection.endpoint().isPresent()) {
      // The client's second server template is {protocol}://{name}: any host, e.g. a local test server.
      client.setServerIndex(1);
      variables.put("protocol", connection.endpoint().get().getScheme());
      variables.put("name", connection.endpoint().get().getAuthority());
    } else {
      variables.put("site", connection.site());
    }
    client.setServerVariables(variables);
    // Without an X-RateLimit-Reset header the client waits backOffBase * multiplier^attempt seconds.
    client.setRetry(new RetryConfig(true, 2, 2, MAX_RETRIES));
    this.monitors = new MonitorsApi(client);
    this.dashboards = new DashboardsApi(client);
  }

  @Override
  public String upsertMonitor(DatadogMonitor monitor) {
    String owner = monitor.tags().get(0);
    Optional<Monitor> existing = call("list monitors", () -> monitors.listMonitors(
            new MonitorsApi.ListMonitorsOptionalParameters().name(monitor.name()).monitorTags(owner)))
        .stream().filter(m -> monitor.name().equals(m.getName())).findFirst();
    MonitorOptions options = new MonitorOptions()
        .thresholds(new MonitorThresholds().critical(monitor.critical()))
        .notifyNoData(false);
    if (existing.isPresent()) {
      Long id = existing.get().getId();
      call("update monitor", () -> monitors.updateMonitor(id, new MonitorUpdateRequest()
          .name(monitor.name()).type(MonitorType.METRIC_ALERT).query(monitor.query()).message(monitor.message())
          .tags(monitor.tags()).options(options)));
      return String.valueOf(id);
    }
    Monitor created = call("create monitor", () -> monitors.createMonitor(new Monitor()
        .name(monitor.name()).type(MonitorType.METRIC_ALERT).query(monitor.query()).message(monitor.message())
        .tags(monitor.tags()).options(options)));
    return String.valueOf(created.getId());
  }

  @Override
  public String upsertDashboard(String title, String description, List<DatadogGraph> graphs) {
    List<Widget> widgets = graphs.stream()
        .map(g -> new Widget(new WidgetDefinition(new TimeseriesWidgetDefinition(
            List.of(new TimeseriesWidgetRequest().q(g.query())), TimeseriesWidgetDefinitionType.TIMESERIES)
            .title(g.title()))))
        .toList();
    Dashboard body = new Dashboard(DashboardLayoutType.ORDERED, title, widgets).description(description);
    var summary = call("list dashboards", () -> dashboards.listDashboards());
    Optional<String> existing = summary.getDashboards() == null ? Optional.empty()
        : summary.getDashboards().stream().filter(d -> title.equals(d.getTitle()))
            .map(DashboardSummaryDefinition::getId).filter(Objects::nonNull).findFirst();
    if (existing.isPresent()) {
      call("update dashboard", () -> dashboards.updateDashboard(existing.get(), body));
      return existing.get();
    }
    return call("create dashboard", () -> dashboards.createDashboard(body)).getId();
  }

  @Override
  public void deleteOwned(String ownerTag, String dashboardTitle) {
    for (Monitor monitor : call("list monitors", () -> monitors.listMonitors(
        new MonitorsApi.ListMonitorsOptionalParameters().monitorTags(ownerTag)))) {
      // The tag filter is Datadog's; checking again here keeps a lenient server from widening the delete.
      if (monitor.getTags() != null && monitor.getTags().contains(ownerTag)) {
        call("delete monitor", () -> monitors.deleteMonitor(monitor.getId()));
      }
    }
    var summary = call("list dashboards", () -> dashboards.listDashboards());
    if (summary.getDashboards() != null) {
      for (DashboardSummaryDefinition d : summary.getDashboards()) {
        if (dashboardTitle.equals(d.getTitle()) && d.getId() != null) {
          call("delete dashboard", () -> dashboards.deleteDashboard(d.getId()));
        }
      }
    }
  }

  private static <T> T call(String operation, DatadogCall<T> call) {
    try {
      return call.run();
    } catch (ApiException e) {
      // Not e.getMessage(): the client may include the response body; the status says what matters.
      throw new DatadogException(operation, e.getCode());
    }
  }

  @FunctionalInterface
  private interface DatadogCall<T> {
    T run() throws ApiException;
  }
}
