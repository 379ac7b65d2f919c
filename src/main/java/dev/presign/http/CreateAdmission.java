package dev.presign.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Bounds the creates this replica has in flight (admitted, not yet answered, whatever the outcome).
 * Past capacity a caller is better served by a 503 with Retry-After at once than by waiting behind
 * the others for the whole issue timeout while the queue grows: a create over the limit is refused
 * before any blocking work (no TokenReview, no API server call).
 *
 * <ul>
 *   <li>Two lanes of {@code limit} slots each, as in {@link ReviewGate}: callers whose token this
 *       replica accepted recently, and tokens it has not seen. A flood of strangers (each waiting
 *       for a worker and a review before it is turned away) fills only its own lane, so it never
 *       takes a known caller's slot.
 *   <li>A slot is held until the create's work ends, not until its caller leaves: a caller that
 *       hangs up does not free the worker or the API server call still running for it.
 * </ul>
 */
public final class CreateAdmission {
  /**
   * Retry-After of a refusal: one create takes tens of milliseconds when the operator keeps up, so
   * a second is long enough for slots to free and short enough not to idle a caller.
   */
  static final int RETRY_AFTER_SECONDS = 1;

  private static final String KNOWN = "known";
  private static final String NEW = "new";

  /** The routes that create, as {@code HttpApi} names them (the refusal metric's {@code route}). */
  public static final String CREATE = "create";

  public static final String COMPANION_PARAMS = "companion-params";
  public static final String COMPANION_CREATE = "companion-create";

  private final int limit;
  private final AtomicInteger known = new AtomicInteger();
  private final AtomicInteger strangers = new AtomicInteger();
  private final MeterRegistry metrics;

  /**
   * @param limit most creates in flight on this replica in each lane; 0 means unlimited
   */
  public CreateAdmission(int limit, MeterRegistry metrics) {
    this.limit = limit;
    this.metrics = metrics;
    gauge(KNOWN, known);
    gauge(NEW, strangers);
    // Every series from the start, at 0: rate() sees the first refusal, and alerts and
    // dashboards find the metric on a replica that never refused anything.
    for (String route : List.of(CREATE, COMPANION_PARAMS, COMPANION_CREATE)) {
      refusals(route, KNOWN);
      refusals(route, NEW);
    }
  }

  private Counter refusals(String route, String caller) {
    return Counter.builder("presign_http_overload_refusals")
        .description(
            "Creates refused at once because this replica had PRESIGN_MAX_CREATES_IN_FLIGHT in"
                + " flight")
        .tag("route", route)
        .tag("caller", caller)
        .register(metrics);
  }

  private void gauge(String caller, AtomicInteger lane) {
    Gauge.builder("presign_http_creates_in_flight", lane, AtomicInteger::get)
        .description(
            "Creates admitted and not yet answered on this replica, by whether the caller's token"
                + " was known (at most PRESIGN_MAX_CREATES_IN_FLIGHT each)")
        .tag("caller", caller)
        .register(metrics);
  }

  /**
   * Runs {@code create} if a slot is free in the caller's lane, and frees it once the returned
   * future completes (or if {@code create} throws).
   *
   * @param route the route's name, for the refusal metric
   * @param knownCaller whether the caller's token was accepted recently (in memory, no review)
   * @throws ApiError 503 with Retry-After when every slot of the lane is taken
   */
  public <T> Future<T> admit(String route, boolean knownCaller, Supplier<Future<T>> create) {
    AtomicInteger lane = knownCaller ? known : strangers;
    if (!tryTakeSlot(lane)) {
      refusals(route, knownCaller ? KNOWN : NEW).increment();
      throw ApiError.unavailable(
          "The operator is at capacity: this replica already has "
              + limit
              + (limit == 1 ? " upload request" : " upload requests")
              + " in flight (PRESIGN_MAX_CREATES_IN_FLIGHT). Nothing was"
              + " recorded; try again in "
              + RETRY_AFTER_SECONDS
              + " second.",
          RETRY_AFTER_SECONDS);
    }
    AtomicBoolean released = new AtomicBoolean();
    Runnable release =
        () -> {
          if (released.compareAndSet(false, true)) {
            lane.decrementAndGet();
          }
        };
    try {
      return create.get().onComplete(done -> release.run());
    } catch (RuntimeException | Error e) {
      release.run();
      throw e;
    }
  }

  private boolean tryTakeSlot(AtomicInteger lane) {
    while (true) {
      int now = lane.get();
      if (limit != 0 && now >= limit) {
        return false;
      }
      if (lane.compareAndSet(now, now + 1)) {
        return true;
      }
    }
  }

  /** Creates in flight now, in both lanes (counted with the limit off too). */
  public int inFlight() {
    return known.get() + strangers.get();
  }
}
