package dev.dbops.aurora.postgres;

/**
 * A generic plan in short, from EXPLAIN (FORMAT JSON): the top node and its first descendants
 * ("Aggregate > Index Only Scan") and the estimated total cost.
 */
public record PlanSummary(String nodeType, double totalCost) {}
