package dev.presign.testing;

import java.time.Duration;
import java.util.function.Supplier;

/** Polls a condition until it holds or a bounded time runs out, then fails with what it saw. */
public final class Await {
  private Await() {}

  public static <T> T until(
      String what, Duration timeout, Supplier<T> probe, java.util.function.Predicate<T> done) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = null;
    while (System.nanoTime() < deadline) {
      last = probe.get();
      if (last != null && done.test(last)) {
        return last;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what);
      }
    }
    throw new AssertionError(
        "timed out after " + timeout + " waiting for " + what + "; last seen: " + last);
  }
}
