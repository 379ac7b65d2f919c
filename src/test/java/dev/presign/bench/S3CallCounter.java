package dev.presign.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts the S3 calls the operator child makes, by operation, without touching the operator: the
 * AWS SDK loads global interceptors named in {@code
 * software/amazon/awssdk/global/handlers/execution.interceptors} on the classpath, and {@link
 * OperatorChild} puts such a file on the child's classpath only.
 */
public final class S3CallCounter implements ExecutionInterceptor {
  static final String INTERCEPTORS_RESOURCE =
      "software/amazon/awssdk/global/handlers/execution.interceptors";
  private static final Map<String, LongAdder> CALLS = new ConcurrentHashMap<>();

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    CALLS
        .computeIfAbsent(operation == null ? "unknown" : operation, k -> new LongAdder())
        .increment();
  }

  /** {@code Operation=count ...}, sorted by operation. */
  static String snapshot() {
    Map<String, Long> sorted = new TreeMap<>();
    CALLS.forEach((k, v) -> sorted.put(k, v.sum()));
    StringBuilder out = new StringBuilder();
    sorted.forEach(
        (k, v) -> out.append(out.length() == 0 ? "" : " ").append(k).append('=').append(v));
    return out.toString();
  }
}
