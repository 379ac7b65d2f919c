package dev.presign.uploads;

import java.time.Duration;
import java.util.Optional;

/**
 * How long the operator keeps trying to abort a multipart upload S3 cannot be asked about, and how
 * often: waits that double from 5 s to at most a minute, for ten minutes after the request was
 * deleted (or finished). Then it lets go: deletion is never blocked for long by an S3 outage, and
 * the bucket's AbortIncompleteMultipartUpload lifecycle rule (or an operator) cleans up later.
 * Counted from a timestamp on the request rather than in memory, so a restart or a new leader
 * continues the same schedule.
 */
public final class AbortRetry {
  public static final Duration FIRST_WAIT = Duration.ofSeconds(5);
  public static final Duration LONGEST_WAIT = Duration.ofMinutes(1);
  public static final Duration GIVE_UP_AFTER = Duration.ofMinutes(10);

  /**
   * @param elapsed time since the request was deleted (or finished)
   * @return the wait before the next attempt, or empty to give up now
   */
  public Optional<Duration> nextAttemptAfter(Duration elapsed) {
    if (elapsed.compareTo(GIVE_UP_AFTER) >= 0) {
      return Optional.empty();
    }
    // Roughly doubling: the next attempt comes after as long as has passed so far.
    Duration wait = elapsed.compareTo(FIRST_WAIT) < 0 ? FIRST_WAIT : elapsed;
    if (wait.compareTo(LONGEST_WAIT) > 0) {
      wait = LONGEST_WAIT;
    }
    Duration left = GIVE_UP_AFTER.minus(elapsed);
    return Optional.of(wait.compareTo(left) < 0 ? wait : left);
  }
}
