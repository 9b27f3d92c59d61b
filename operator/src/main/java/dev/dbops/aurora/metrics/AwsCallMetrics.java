package dev.dbops.aurora.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.http.HttpMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;

/**
 * Counts AWS calls in two series:
 *
 * <ul>
 *   <li>{@code aurora_aws_calls_total{service, api, outcome}}: once per call, after the SDK's retries, like
 *       {@code ApiCallCounter}; outcome is {@code success} or AWS's error code (ThrottlingException,
 *       InvalidParameterValue …), or {@code ClientError} when the call never got an answer. Counted by the
 *       {@link ExecutionInterceptor} side.
 *   <li>{@code aurora_aws_call_attempt_failures_total{service, api, reason}}: every HTTP attempt that
 *       failed, the ones the SDK retried away included, by kind of failure: {@code Throttling}, {@code
 *       ServerError} (a 5xx answer), {@code Refused} (any other error answer, such as a 400 or 404), and
 *       the SDK's {@code ConfiguredTimeout}, {@code IO} and {@code Other} (no answer).
 *       Without it a Throttling answer that a retry hid would not show anywhere. Counted by the {@link
 *       MetricPublisher} side: interceptors see only the call's final failure, the SDK's metrics see each
 *       attempt.
 * </ul>
 *
 * <p>Error codes and failure kinds are bounded sets per API, so the series stay few; messages are never
 * used as labels.
 */
public final class AwsCallMetrics implements ExecutionInterceptor, MetricPublisher {
  public static final String NAME = "aurora.aws.calls";
  public static final String ATTEMPT_FAILURES = "aurora.aws.call.attempt.failures";

  private final MeterRegistry registry;

  public AwsCallMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    count(attributes, "success");
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    Throwable failure = context.exception();
    String outcome = failure instanceof AwsServiceException service && service.awsErrorDetails() != null
        && service.awsErrorDetails().errorCode() != null
        ? service.awsErrorDetails().errorCode()
        : "ClientError";
    count(attributes, outcome);
  }

  /** The SDK's metrics of one call (run on the calling thread as the call ends), with one child per attempt. */
  @Override
  public void publish(MetricCollection call) {
    String service = serviceLabel(first(call, CoreMetric.SERVICE_ID));
    String api = orUnknown(first(call, CoreMetric.OPERATION_NAME));
    call.childrenWithName("ApiCallAttempt").forEach(attempt -> {
      String reason = reason(first(attempt, CoreMetric.ERROR_TYPE), first(attempt, HttpMetric.HTTP_STATUS_CODE));
      if (reason != null) {
        Counter.builder(ATTEMPT_FAILURES)
            .description("Failed AWS API attempts by service, API and kind of failure, retried ones included")
            .tag("service", service)
            .tag("api", api)
            .tag("reason", reason)
            .register(registry)
            .increment();
      }
    });
  }

  /**
   * The SDK's ServerError covers every error answer from the service, a 400 refusal as much as a 500; the
   * HTTP status splits them, since only a 5xx (like Throttling) is AWS's trouble rather than the request's.
   */
  static String reason(String sdkErrorType, Integer httpStatus) {
    if (sdkErrorType == null) {
      return null;
    }
    if (!sdkErrorType.equals("ServerError")) {
      return sdkErrorType;
    }
    return httpStatus != null && httpStatus >= 500 ? "ServerError" : "Refused";
  }

  @Override
  public void close() {
    // the registry belongs to the operator
  }

  private void count(ExecutionAttributes attributes, String outcome) {
    Counter.builder(NAME)
        .description("AWS API calls by service, API and outcome")
        .tag("service", orUnknown(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME)))
        .tag("api", orUnknown(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME)))
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  private static <T> T first(MetricCollection collection, software.amazon.awssdk.metrics.SdkMetric<T> metric) {
    var values = collection.metricValues(metric);
    return values.isEmpty() ? null : values.get(0);
  }

  /**
   * The SDK's metrics name a service by its service id ("RDS", "Route 53"), its interceptors by the client's
   * name ("Rds", "Route53"); both series use the interceptors' form so they can be joined on {@code service}.
   */
  static String serviceLabel(String serviceId) {
    if (serviceId == null) {
      return "unknown";
    }
    String joined = serviceId.replace(" ", "");
    return joined.equals(joined.toUpperCase(Locale.ROOT))
        ? joined.charAt(0) + joined.substring(1).toLowerCase(Locale.ROOT)
        : joined;
  }

  private static String orUnknown(String value) {
    return value == null ? "unknown" : value;
  }
}
