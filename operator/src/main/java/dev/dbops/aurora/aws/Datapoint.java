package dev.dbops.aurora.aws;

import java.time.Instant;

/** One statistic value of a metric for the period starting at {@code timestamp}. */
public record Datapoint(Instant timestamp, double value) {}
