package dev.dbops.aurora.aws;

/** An alarm's name and its state: OK, ALARM or INSUFFICIENT_DATA. */
public record AlarmState(String name, String state) {}
