package dev.dbops.aurora.datadog;

/** One time-series widget: a title and a metric query. */
public record DatadogGraph(String title, String query) {}
