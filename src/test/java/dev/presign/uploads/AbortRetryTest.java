package dev.presign.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** When an abort S3 could not take is tried again, and when the operator lets go. */
class AbortRetryTest {
  private final AbortRetry retry = new AbortRetry();

  static Stream<Arguments> schedule() {
    return Stream.of(
        Arguments.of("right after the deletion: 5 s", Duration.ZERO, Optional.of(seconds(5))),
        Arguments.of("after 3 s: still 5 s", seconds(3), Optional.of(seconds(5))),
        Arguments.of("after 5 s: 5 s (doubling)", seconds(5), Optional.of(seconds(5))),
        Arguments.of("after 10 s: 10 s", seconds(10), Optional.of(seconds(10))),
        Arguments.of("after 40 s: 40 s", seconds(40), Optional.of(seconds(40))),
        Arguments.of("after 2 min: at most 1 min", seconds(120), Optional.of(seconds(60))),
        Arguments.of("20 s before giving up: 20 s", seconds(580), Optional.of(seconds(20))),
        Arguments.of("after 10 min: let go", seconds(600), Optional.empty()),
        Arguments.of("after a day: let go", Duration.ofDays(1), Optional.empty()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("schedule")
  void retriesWithGrowingWaitsThenLetsGo(
      String name, Duration elapsed, Optional<Duration> expected) {
    assertThat(retry.nextAttemptAfter(elapsed)).isEqualTo(expected);
  }

  private static Duration seconds(long seconds) {
    return Duration.ofSeconds(seconds);
  }
}
