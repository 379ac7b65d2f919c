package dev.presign.reconciler;

/**
 * A process-wide cap on HeadObject calls per second (a token bucket), so thousands of pending
 * uploads cannot turn the operator's polling into a flood against S3. A reconcile that finds no
 * token looks again a little later instead of waiting.
 */
public final class HeadObjectBudget {
  private final double perSecond;
  private final double burst;
  private double tokens;
  private long lastNanos;

  public HeadObjectBudget(int perSecond) {
    this.perSecond = perSecond;
    this.burst = Math.max(1, perSecond);
    this.tokens = burst;
    this.lastNanos = System.nanoTime();
  }

  public synchronized boolean tryAcquire() {
    long now = System.nanoTime();
    tokens = Math.min(burst, tokens + (now - lastNanos) / 1e9 * perSecond);
    lastNanos = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
