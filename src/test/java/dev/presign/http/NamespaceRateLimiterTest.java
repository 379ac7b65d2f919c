package dev.presign.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class NamespaceRateLimiterTest {
  private static final long SECOND = 1_000_000_000L;
  private final AtomicLong now = new AtomicLong(42 * SECOND);

  @Test
  void overTheBurstTheAnswerIsWholeSecondsToWait() {
    NamespaceRateLimiter limiter = new NamespaceRateLimiter(1, 3, now::get);
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.acquire("team-a")).isZero();
    }
    assertThat(limiter.acquire("team-a")).isEqualTo(1);
    now.addAndGet(SECOND / 2);
    assertThat(limiter.acquire("team-a")).as("half a token: still rounds up to 1 s").isEqualTo(1);
    now.addAndGet(SECOND / 2);
    assertThat(limiter.acquire("team-a")).isZero();
  }

  @Test
  void aSlowRateGivesALongerRetryAfter() {
    NamespaceRateLimiter limiter = new NamespaceRateLimiter(1, 1, now::get);
    assertThat(limiter.acquire("team-a")).isZero();
    assertThat(limiter.acquire("team-a")).isEqualTo(1);
    NamespaceRateLimiter fast = new NamespaceRateLimiter(1000, 1, now::get);
    assertThat(fast.acquire("team-a")).isZero();
    assertThat(fast.acquire("team-a")).as("1 ms to wait is answered as 1 s").isEqualTo(1);
  }

  @Test
  void namespacesHaveTheirOwnBuckets() {
    NamespaceRateLimiter limiter = new NamespaceRateLimiter(1, 2, now::get);
    limiter.acquire("noisy");
    limiter.acquire("noisy");
    assertThat(limiter.acquire("noisy")).isPositive();
    assertThat(limiter.acquire("quiet")).isZero();
    assertThat(limiter.acquire("quiet")).isZero();
  }

  @Test
  void zeroMeansUnlimited() {
    NamespaceRateLimiter limiter = new NamespaceRateLimiter(0, 1, now::get);
    assertThat(limiter.isUnlimited()).isTrue();
    for (int i = 0; i < 100_000; i++) {
      assertThat(limiter.acquire("team-a")).isZero();
    }
    assertThat(limiter.size()).as("no bucket is even kept").isZero();
  }

  @Test
  void theMapStaysBoundedAndFullBucketsGoFirst() {
    NamespaceRateLimiter limiter = new NamespaceRateLimiter(1, 2, now::get, 3);
    limiter.acquire("busy");
    limiter.acquire("busy");
    limiter.acquire("idle-1");
    limiter.acquire("idle-2");
    now.addAndGet(SECOND);
    // Now idle-1 and idle-2 are full again and busy has one token of two. busy is the least
    // recently used, yet the full buckets make room: forgetting them loses nothing.
    limiter.acquire("new");
    assertThat(limiter.size()).isEqualTo(2);
    assertThat(limiter.acquire("busy")).isZero();
    assertThat(limiter.acquire("busy")).as("busy's debt was kept").isPositive();
  }

  @Test
  void manyNamespacesNeverGrowTheMapPastItsBound() {
    NamespaceRateLimiter limiter = new NamespaceRateLimiter(1, 2, now::get, 100);
    for (int i = 0; i < 10_000; i++) {
      limiter.acquire("ns-" + i);
      assertThat(limiter.size()).isLessThanOrEqualTo(100);
    }
  }

  @Test
  void atTheBoundWithNoFullBucketTheLeastRecentlyUsedGoes() {
    NamespaceRateLimiter limiter = new NamespaceRateLimiter(1, 1, now::get, 2);
    limiter.acquire("a");
    limiter.acquire("b");
    limiter.acquire("c");
    assertThat(limiter.size()).isEqualTo(2);
    assertThat(limiter.acquire("c")).as("c is still drained").isPositive();
    assertThat(limiter.acquire("b")).as("b is still drained").isPositive();
  }
}
