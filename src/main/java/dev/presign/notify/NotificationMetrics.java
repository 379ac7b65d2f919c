package dev.presign.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Counters of notification attempts by outcome, for /metrics. */
public final class NotificationMetrics {
  private final Counter delivered;
  private final Counter retried;
  private final Counter failed;
  private final Counter deferred;

  public NotificationMetrics(MeterRegistry registry) {
    delivered = counter(registry, "delivered");
    retried = counter(registry, "retrying");
    failed = counter(registry, "failed");
    deferred = counter(registry, "deferred");
  }

  private static Counter counter(MeterRegistry registry, String outcome) {
    return Counter.builder("presign_notifications")
        .tag("outcome", outcome)
        .description(
            "Completion notifications by outcome: delivered (2xx), retrying (an attempt failed,"
                + " another follows), failed (given up), deferred (the send queue was full; the"
                + " next sweep sends it)")
        .register(registry);
  }

  public void delivered() {
    delivered.increment();
  }

  public void retrying() {
    retried.increment();
  }

  public void failed() {
    failed.increment();
  }

  public void deferred() {
    deferred.increment();
  }
}
