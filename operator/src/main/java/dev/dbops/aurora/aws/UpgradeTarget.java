package dev.dbops.aurora.aws;

/** One entry of DescribeDBEngineVersions' ValidUpgradeTarget list. */
public record UpgradeTarget(String engineVersion, boolean majorVersionUpgrade) {}
