package dev.presign.reconciler;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A process-wide cap on HeadObject calls per second, so thousands of pending uploads cannot turn
 * the operator's polling into a flood against S3.
 *
 * <p>Over the cap, a request is given its own future slot rather than told to try again soon: with
 * a backlog of N requests due for a look, "try again in a second or two" made every one of them
 * reconcile again every second or two (N reconciles a second of pure churn, which starved the
 * issuing of new uploads under load), while a slot brings each back exactly once, when its call is
 * allowed. A request keeps its slot when it is reconciled early for another reason.
 */
public final class HeadObjectBudget {
  /** Slots far in the past belong to requests that finished or were deleted meanwhile. */
  private static final long STALE_NANOS = Duration.ofMinutes(1).toNanos();

  private final long intervalNanos;
  private final long burstNanos;
  private final LongSupplier nanoTime;
  private final Map<String, Long> slots = new HashMap<>();
  private long nextFree;
  private long lastPurge;

  /** At most {@code perSecond} calls a second, and as many at once after a quiet second. */
  public HeadObjectBudget(int perSecond) {
    this(perSecond, System::nanoTime);
  }

  HeadObjectBudget(int perSecond, LongSupplier nanoTime) {
    if (perSecond < 1) {
      throw new IllegalArgumentException("perSecond must be at least 1");
    }
    this.intervalNanos = 1_000_000_000L / perSecond;
    this.burstNanos = (perSecond - 1) * intervalNanos;
    this.nanoTime = nanoTime;
    long now = nanoTime.getAsLong();
    this.nextFree = now - burstNanos;
    this.lastPurge = now;
  }

  /**
   * Asks for a HeadObject call for the request {@code uid}.
   *
   * @return zero to make the call now; otherwise how long until this request's slot
   */
  public synchronized Duration reserve(String uid) {
    long now = nanoTime.getAsLong();
    purgeStale(now);
    Long slot = slots.get(uid);
    if (slot != null) {
      if (slot - now <= 0) {
        slots.remove(uid);
        return Duration.ZERO;
      }
      return Duration.ofNanos(slot - now);
    }
    // Unused capacity is not saved up beyond one second's burst.
    long earliest = Math.max(nextFree, now - burstNanos);
    nextFree = earliest + intervalNanos;
    if (earliest - now <= 0) {
      return Duration.ZERO;
    }
    slots.put(uid, earliest);
    return Duration.ofNanos(earliest - now);
  }

  /** The request no longer needs a look (finished, or its look was made another way). */
  public synchronized void release(String uid) {
    slots.remove(uid);
  }

  /** Requests holding a future slot: the backlog of looks over the cap. */
  public synchronized int backlog() {
    return slots.size();
  }

  private void purgeStale(long now) {
    if (now - lastPurge < STALE_NANOS) {
      return;
    }
    lastPurge = now;
    slots.values().removeIf(slot -> now - slot > STALE_NANOS);
  }
}
