package dev.presign.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Bounds the creates this replica has in flight (admitted, not yet answered, whatever the outcome).
 * Past capacity a caller is better served by a 503 with Retry-After at once than by waiting behind
 * the others for the whole issue timeout while the queue grows: a create over the limit is refused
 * before any blocking work (no TokenReview, no API server call).
 *
 * <p>A slot is held until the create's work ends, not until its caller leaves: a caller that hangs
 * up does not free the worker or the API server call still running for it.
 */
public final class CreateAdmission {
  /**
   * Retry-After of a refusal: one create takes tens of milliseconds when the operator keeps up, so
   * a second is long enough for slots to free and short enough not to idle a caller.
   */
  static final int RETRY_AFTER_SECONDS = 1;

  private final int limit;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final MeterRegistry metrics;

  /**
   * @param limit most creates in flight on this replica; 0 means unlimited
   */
  public CreateAdmission(int limit, MeterRegistry metrics) {
    this.limit = limit;
    this.metrics = metrics;
    Gauge.builder("presign_http_creates_in_flight", this, CreateAdmission::inFlight)
        .description(
            "Creates admitted and not yet answered on this replica"
                + " (at most PRESIGN_MAX_CREATES_IN_FLIGHT)")
        .register(metrics);
  }

  /**
   * Runs {@code create} if a slot is free, and frees it once the returned future completes (or if
   * {@code create} throws).
   *
   * @param route the route's name, for the refusal metric
   * @throws ApiError 503 with Retry-After when every slot is taken
   */
  public <T> Future<T> admit(String route, Supplier<Future<T>> create) {
    if (!tryTakeSlot()) {
      Counter.builder("presign_http_overload_refusals")
          .description(
              "Creates refused at once because this replica had PRESIGN_MAX_CREATES_IN_FLIGHT in"
                  + " flight")
          .tag("route", route)
          .register(metrics)
          .increment();
      throw ApiError.unavailable(
          "The operator is at capacity: this replica already has "
              + limit
              + " upload requests in flight (PRESIGN_MAX_CREATES_IN_FLIGHT). Nothing was"
              + " recorded; try again in "
              + RETRY_AFTER_SECONDS
              + " second.",
          RETRY_AFTER_SECONDS);
    }
    AtomicBoolean released = new AtomicBoolean();
    Runnable release =
        () -> {
          if (released.compareAndSet(false, true)) {
            inFlight.decrementAndGet();
          }
        };
    try {
      return create.get().onComplete(done -> release.run());
    } catch (RuntimeException | Error e) {
      release.run();
      throw e;
    }
  }

  private boolean tryTakeSlot() {
    while (true) {
      int now = inFlight.get();
      if (limit != 0 && now >= limit) {
        return false;
      }
      if (inFlight.compareAndSet(now, now + 1)) {
        return true;
      }
    }
  }

  /** Creates in flight now (counted with the limit off too). */
  public int inFlight() {
    return inFlight.get();
  }
}
