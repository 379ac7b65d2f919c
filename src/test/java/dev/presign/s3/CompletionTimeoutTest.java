package dev.presign.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How long one CompleteMultipartUpload may take, by object size (the default bound). */
class CompletionTimeoutTest {
  private static final long MIB = 1024L * 1024;

  @ParameterizedTest(name = "{0} MiB -> {1} s")
  @CsvSource({
    "0, 61",
    "5, 61",
    // The 1 GiB benchmark: 32 s of copying at 32 MiB/s on top of the minute.
    "1024, 93",
    "10240, 381",
    // 100 GiB would take 53 min at 32 MiB/s: the ceiling.
    "102400, 1800",
    // 5 TiB, S3's largest object.
    "5242880, 1800",
  })
  void growsWithTheObjectUpToTheCeiling(long mebibytes, long seconds) {
    assertThat(CompletionTimeout.DEFAULT.forObjectOf(mebibytes * MIB))
        .isEqualTo(Duration.ofSeconds(seconds));
  }

  @ParameterizedTest(name = "base {0} s, {1} B/s, ceiling {2} s")
  @CsvSource({"0, 1, 10", "10, 0, 10", "10, 1, 9"})
  void refusesABoundThatCannotHold(long base, long rate, long ceiling) {
    assertThatThrownBy(
            () ->
                new CompletionTimeout(Duration.ofSeconds(base), rate, Duration.ofSeconds(ceiling)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ceiling");
  }
}
