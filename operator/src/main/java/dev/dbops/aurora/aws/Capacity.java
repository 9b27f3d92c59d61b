package dev.dbops.aurora.aws;

/** Serverless v2 scaling in ACUs; secondsUntilAutoPause only matters when min is 0. */
public record Capacity(Double min, Double max, Integer secondsUntilAutoPause) {}
