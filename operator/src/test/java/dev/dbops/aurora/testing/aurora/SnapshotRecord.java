package dev.dbops.aurora.testing.aurora;

/** A whole-cluster copy taken by pg_basebackup: what a restore starts from, at {@code major}. */
public record SnapshotRecord(
    String identifier, String clusterIdentifier, String engineVersion, int major, String masterUsername, String dataDir) {}
