package dev.presign.reconciler;

import java.time.Duration;

/**
 * How long the reconcilers wait between looks. Upload checks back off with the time since issue (a
 * quarter of it, between {@code firstCheck} and {@code maxCheckInterval}), so fresh uploads are
 * confirmed quickly and old ones cost little.
 *
 * @param classLookupGrace how long a request waits for a class that does not exist (yet) before it
 *     fails: `kubectl apply -f` of a class and a request together must not race
 * @param expiryGrace how long after expiresAt an upload started in time may still complete
 * @param receiverGrace how long the leader leaves a request made over HTTP to the replica that
 *     received it (which signs it at once) before signing it itself: only a receiver that died
 *     between the create and its status write makes the leader wait this long
 */
public record ReconcileTimings(
    Duration firstCheck,
    Duration maxCheckInterval,
    Duration classNotReadyRetry,
    Duration classLookupGrace,
    Duration expiryGrace,
    Duration classProbeInterval,
    Duration classProbeRetry,
    Duration receiverGrace) {

  public static ReconcileTimings defaults(Duration classProbeInterval) {
    // First look after 15 s: sooner mostly finds nothing (measured: thousands of empty HEADs per
    // 2,000 fresh requests at 5 s), and /complete confirms at once when the app knows it is done.
    return new ReconcileTimings(
        Duration.ofSeconds(15),
        Duration.ofMinutes(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofSeconds(60),
        classProbeInterval,
        Duration.ofSeconds(30),
        Duration.ofSeconds(5));
  }

  /** The wait before the next look for an upload issued {@code sinceIssue} ago. */
  public Duration nextCheckAfter(Duration sinceIssue) {
    Duration quarter = sinceIssue.dividedBy(4);
    if (quarter.compareTo(firstCheck) < 0) {
      return firstCheck;
    }
    return quarter.compareTo(maxCheckInterval) > 0 ? maxCheckInterval : quarter;
  }
}
