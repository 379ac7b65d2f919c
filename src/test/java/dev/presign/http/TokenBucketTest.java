package dev.presign.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The bucket with time handed in: no sleeping, the same answer on every run. */
class TokenBucketTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void aFullBucketGrantsTheBurstThenSaysHowLongToWait() {
    TokenBucket bucket = new TokenBucket(2, 5, 0);
    for (int i = 0; i < 5; i++) {
      assertThat(bucket.tryTake(0)).as("request %d of the burst", i + 1).isZero();
    }
    // Empty: the next token comes after 1/2 s at 2 per second.
    assertThat(bucket.tryTake(0)).isEqualTo(SECOND / 2);
  }

  @Test
  void refillsAtTheRateAndNoFurtherThanTheBurst() {
    TokenBucket bucket = new TokenBucket(10, 3, 0);
    for (int i = 0; i < 3; i++) {
      bucket.tryTake(0);
    }
    assertThat(bucket.tryTake(SECOND / 20)).as("half a token after 50 ms").isEqualTo(SECOND / 20);
    assertThat(bucket.tryTake(SECOND / 10)).as("one token after 100 ms").isZero();
    assertThat(bucket.tryTake(SECOND / 10)).isPositive();

    // An hour idle refills to the burst, not to 36,000 tokens.
    long later = 3600 * SECOND;
    assertThat(bucket.isFull(later)).isTrue();
    int granted = 0;
    while (bucket.tryTake(later) == 0) {
      granted++;
    }
    assertThat(granted).isEqualTo(3);
  }

  @Test
  void aReadingOlderThanTheLastOneAddsNoTokens() {
    TokenBucket bucket = new TokenBucket(1, 1, 10 * SECOND);
    assertThat(bucket.tryTake(10 * SECOND)).isZero();
    assertThat(bucket.tryTake(5 * SECOND)).isEqualTo(SECOND);
    assertThat(bucket.tryTake(11 * SECOND)).isZero();
  }

  @Test
  void sustainedUseGetsExactlyTheRate() {
    TokenBucket bucket = new TokenBucket(50, 100, 0);
    int granted = 0;
    // 1,000 requests per second for 10 s, in 1 ms steps.
    for (long ms = 0; ms < 10_000; ms++) {
      if (bucket.tryTake(ms * 1_000_000L) == 0) {
        granted++;
      }
    }
    // The burst, then 50 a second for the remaining time (to within one token of rounding).
    assertThat(granted).isBetween(100 + 50 * 10 - 1, 100 + 50 * 10);
  }
}
