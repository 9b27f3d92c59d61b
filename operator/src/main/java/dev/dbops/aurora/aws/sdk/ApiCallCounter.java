package dev.dbops.aurora.aws.sdk;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts API calls per operation name (DescribeDBClusters, CreateDBCluster …) as the SDK makes them, so
 * tests and benchmarks can show what the shared inventory saves. Counted once per call, not per retry
 * attempt, and per page for paginated listings.
 */
public final class ApiCallCounter implements ExecutionInterceptor {
  private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> attempts = new ConcurrentHashMap<>();

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    increment(calls, attributes);
  }

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
    increment(attempts, attributes);
  }

  /** Calls of this operation, each counted once however often the SDK retried it. */
  public long count(String operation) {
    return sum(calls, operation);
  }

  /** HTTP requests sent for this operation, retries included. */
  public long attempts(String operation) {
    return sum(attempts, operation);
  }

  /** All counts so far, sorted by operation name. */
  public Map<String, Long> counts() {
    Map<String, Long> copy = new TreeMap<>();
    calls.forEach((operation, adder) -> copy.put(operation, adder.sum()));
    return copy;
  }

  private static void increment(Map<String, LongAdder> counters, ExecutionAttributes attributes) {
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    counters.computeIfAbsent(operation == null ? "unknown" : operation, k -> new LongAdder()).increment();
  }

  private static long sum(Map<String, LongAdder> counters, String operation) {
    LongAdder adder = counters.get(operation);
    return adder == null ? 0 : adder.sum();
  }
}
