package dev.presign.notify;

import dev.presign.config.OperatorSettings;
import java.time.Duration;

/**
 * The bounds of completion notifications, in one place: attempts and total time (settings), and the
 * sizes of the machinery that sends them (fixed here, documented in docs/notifications.md).
 *
 * @param attempts most POSTs of one event
 * @param backoff wait before the second attempt; each further wait doubles
 * @param maxBackoff longest wait between two attempts
 * @param giveUp no attempt starts later than this after the upload finished
 * @param timeout connect timeout, and again the wait for the answer's status line, of one attempt
 * @param senders threads that POST (a receiver that never answers holds one for {@code timeout})
 * @param queued attempts waiting for a sender; beyond it they wait for the next sweep
 * @param sweep how often the leader looks through its cache for notifications still to send
 */
public record NotificationLimits(
    int attempts,
    Duration backoff,
    Duration maxBackoff,
    Duration giveUp,
    Duration timeout,
    int senders,
    int queued,
    Duration sweep) {

  /** Longest wait between two attempts. */
  public static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

  /** Threads that POST events. */
  public static final int SENDERS = 4;

  /** Attempts that may wait for a sender. */
  public static final int QUEUED = 1000;

  /** Interval of the leader's sweep for undelivered notifications. */
  public static final Duration SWEEP = Duration.ofSeconds(15);

  public static NotificationLimits of(OperatorSettings settings) {
    return new NotificationLimits(
        settings.notifyAttempts(),
        settings.notifyBackoff(),
        MAX_BACKOFF,
        settings.notifyGiveUp(),
        settings.notifyTimeout(),
        SENDERS,
        QUEUED,
        SWEEP);
  }
}
