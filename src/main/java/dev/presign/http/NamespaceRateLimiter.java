package dev.presign.http;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A request rate per namespace, on this replica: one {@link TokenBucket} per namespace. Callers are
 * charged only after they are authenticated and authorized in the namespace (see {@link
 * CallerAccess}), so the keys are namespaces someone may really use; the map is still bounded, and
 * a full bucket is dropped first, since forgetting it changes nothing.
 */
public final class NamespaceRateLimiter {
  /** Far more namespaces than a cluster has; only a bound, never a limit in practice. */
  static final int MAX_NAMESPACES = 10_000;

  private final int perSecond;
  private final int burst;
  private final LongSupplier nanoTime;
  private final int maxNamespaces;
  private final Map<String, TokenBucket> buckets = new LinkedHashMap<>(64, 0.75f, true);

  /**
   * @param perSecond sustained requests per second per namespace; 0 means unlimited
   * @param burst requests a namespace may make at once (the bucket's size)
   * @param nanoTime a monotonic clock ({@code System::nanoTime})
   */
  public NamespaceRateLimiter(int perSecond, int burst, LongSupplier nanoTime) {
    this(perSecond, burst, nanoTime, MAX_NAMESPACES);
  }

  NamespaceRateLimiter(int perSecond, int burst, LongSupplier nanoTime, int maxNamespaces) {
    this.perSecond = perSecond;
    this.burst = burst;
    this.nanoTime = nanoTime;
    this.maxNamespaces = maxNamespaces;
  }

  public boolean isUnlimited() {
    return perSecond == 0;
  }

  /**
   * Charges one request to {@code namespace}.
   *
   * @return 0 when it may go ahead; otherwise whole seconds (at least 1) until it may
   */
  public synchronized long acquire(String namespace) {
    if (isUnlimited()) {
      return 0;
    }
    long now = nanoTime.getAsLong();
    TokenBucket bucket = buckets.get(namespace);
    if (bucket == null) {
      makeRoom(now);
      bucket = new TokenBucket(perSecond, burst, now);
      buckets.put(namespace, bucket);
    }
    long waitNanos = bucket.tryTake(now);
    return waitNanos == 0 ? 0 : Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
  }

  synchronized int size() {
    return buckets.size();
  }

  public int perSecond() {
    return perSecond;
  }

  public int burst() {
    return burst;
  }

  /**
   * At the bound: drop the full buckets (no information lost), and if none is full, the least
   * recently used one (that namespace gets a fresh burst, the price of bounded memory).
   */
  private void makeRoom(long now) {
    if (buckets.size() < maxNamespaces) {
      return;
    }
    buckets.values().removeIf(b -> b.isFull(now));
    if (buckets.size() >= maxNamespaces) {
      Iterator<TokenBucket> eldest = buckets.values().iterator();
      eldest.next();
      eldest.remove();
    }
  }
}
