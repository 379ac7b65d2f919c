package dev.presign.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When the next attempt of a notification is due: exponential backoff from {@link
 * NotificationLimits#backoff()}, doubling, capped at {@link NotificationLimits#maxBackoff()}, and
 * bounded twice: by the number of attempts and by the time since the upload finished. Pure: the
 * times come from the caller, so a restart that reads the attempts from the status resumes the same
 * schedule.
 */
public final class DeliveryBackoff {
  private final NotificationLimits limits;

  public DeliveryBackoff(NotificationLimits limits) {
    this.limits = limits;
  }

  /**
   * @param attemptsMade failed attempts so far (at least 1)
   * @param lastAttempt when the last of them started
   * @param finishedAt when the upload finished (the Ready condition's transition)
   * @return when to try again; empty when no attempt is left or the next would start after the
   *     give-up time
   */
  public Optional<Instant> nextAttempt(int attemptsMade, Instant lastAttempt, Instant finishedAt) {
    if (attemptsMade >= limits.attempts()) {
      return Optional.empty();
    }
    Instant next = lastAttempt.plus(delayAfter(attemptsMade));
    return next.isAfter(finishedAt.plus(limits.giveUp())) ? Optional.empty() : Optional.of(next);
  }

  /** The wait after {@code attemptsMade} failed attempts: backoff, 2×, 4×, … up to the cap. */
  public Duration delayAfter(int attemptsMade) {
    Duration delay = limits.backoff();
    for (int i = 1; i < attemptsMade && delay.compareTo(limits.maxBackoff()) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(limits.maxBackoff()) > 0 ? limits.maxBackoff() : delay;
  }
}
