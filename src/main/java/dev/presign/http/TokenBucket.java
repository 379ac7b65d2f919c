package dev.presign.http;

/**
 * One token bucket: {@code burst} tokens to start with, refilled at {@code perSecond}. Not
 * thread-safe; its owner synchronises. Time is passed in (monotonic nanoseconds) so tests need no
 * sleeping.
 */
final class TokenBucket {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final double perSecond;
  private final double burst;
  private double tokens;
  private long lastNanos;

  TokenBucket(int perSecond, int burst, long nowNanos) {
    if (perSecond < 1 || burst < 1) {
      throw new IllegalArgumentException("a token bucket needs a rate and a burst of at least 1");
    }
    this.perSecond = perSecond;
    this.burst = burst;
    this.tokens = burst;
    this.lastNanos = nowNanos;
  }

  /**
   * Takes a token if there is one.
   *
   * @return 0 when a token was taken; otherwise the nanoseconds until one will be there
   */
  long tryTake(long nowNanos) {
    refill(nowNanos);
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return Math.max(1, (long) Math.ceil((1 - tokens) / perSecond * NANOS_PER_SECOND));
  }

  /** True when the bucket is full again, i.e. forgetting it changes nothing. */
  boolean isFull(long nowNanos) {
    refill(nowNanos);
    return tokens >= burst;
  }

  private void refill(long nowNanos) {
    // nanoTime is monotonic, but a caller may hand in an older reading than the last one.
    long elapsed = Math.max(0, nowNanos - lastNanos);
    tokens = Math.min(burst, tokens + (double) elapsed / NANOS_PER_SECOND * perSecond);
    lastNanos = Math.max(lastNanos, nowNanos);
  }
}
