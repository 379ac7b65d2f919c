package dev.presign.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The schedule as a table, with fixed instants: no clock, no waiting. */
class DeliveryBackoffTest {
  private static final Instant FINISHED = Instant.parse("2026-12-05T10:00:00Z");

  /** The defaults: 12 attempts, 2 s doubling up to 5 min, give up an hour after finishing. */
  private static final NotificationLimits DEFAULTS =
      new NotificationLimits(
          12,
          Duration.ofSeconds(2),
          NotificationLimits.MAX_BACKOFF,
          Duration.ofHours(1),
          Duration.ofSeconds(5),
          4,
          1000,
          Duration.ofSeconds(15));

  private final DeliveryBackoff backoff = new DeliveryBackoff(DEFAULTS);

  static Stream<Arguments> delays() {
    return Stream.of(
        Arguments.of(1, Duration.ofSeconds(2)),
        Arguments.of(2, Duration.ofSeconds(4)),
        Arguments.of(3, Duration.ofSeconds(8)),
        Arguments.of(4, Duration.ofSeconds(16)),
        Arguments.of(7, Duration.ofSeconds(128)),
        Arguments.of(8, Duration.ofSeconds(256)),
        Arguments.of(9, Duration.ofMinutes(5)), // 512 s, capped
        Arguments.of(11, Duration.ofMinutes(5)),
        Arguments.of(1_000, Duration.ofMinutes(5)));
  }

  @ParameterizedTest(name = "after {0} failed attempts wait {1}")
  @MethodSource("delays")
  void waitsDoubleUpToTheCap(int attemptsMade, Duration expected) {
    assertThat(backoff.delayAfter(attemptsMade)).isEqualTo(expected);
  }

  static Stream<Arguments> schedule() {
    return Stream.of(
        // attempts made, last attempt (seconds after finishing), next attempt (seconds) or null
        Arguments.of("first retry", 1, 0, 2L),
        Arguments.of("third retry", 3, 6, 14L),
        Arguments.of("capped wait", 9, 1000, 1300L),
        Arguments.of("the last attempt left", 11, 2000, 2300L),
        Arguments.of("no attempt left", 12, 2300, null),
        Arguments.of("would start after the give-up time", 10, 3400, null),
        Arguments.of("starts exactly at the give-up time", 10, 3300, 3600L));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("schedule")
  void nextAttemptWithinBothBounds(String name, int made, long lastAt, Long expectedAt) {
    Optional<Instant> next = backoff.nextAttempt(made, FINISHED.plusSeconds(lastAt), FINISHED);

    if (expectedAt == null) {
      assertThat(next).isEmpty();
    } else {
      assertThat(next).contains(FINISHED.plusSeconds(expectedAt));
    }
  }

  @Test
  void theDefaultsMakeTwelveAttemptsInAboutTwentyFourMinutes() {
    Instant at = FINISHED;
    int attempts = 1;
    Optional<Instant> next;
    while ((next = backoff.nextAttempt(attempts, at, FINISHED)).isPresent()) {
      at = next.get();
      attempts++;
    }
    assertThat(attempts).isEqualTo(12);
    assertThat(Duration.between(FINISHED, at)).isEqualTo(Duration.ofSeconds(1410));
  }
}
