package dev.dbops.aurora.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts AWS calls as {@code aurora_aws_calls_total{service, api, outcome}}: outcome is {@code success}
 * or AWS's error code (ThrottlingException, InvalidParameterValue …), or {@code ClientError} when the call
 * never got an answer. Once per call, after the SDK's retries, like {@code ApiCallCounter}. Error codes
 * are a bounded set per API, so the series stay few; messages are never used as labels.
 */
public final class AwsCallMetrics implements ExecutionInterceptor {
  public static final String NAME = "aurora.aws.calls";

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

  private void count(ExecutionAttributes attributes, String outcome) {
    Counter.builder(NAME)
        .description("AWS API calls by service, API and outcome")
        .tag("service", orUnknown(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME)))
        .tag("api", orUnknown(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME)))
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  private static String orUnknown(String value) {
    return value == null ? "unknown" : value;
  }
}
