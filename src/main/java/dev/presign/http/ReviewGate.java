package dev.presign.http;

import java.util.concurrent.Semaphore;

/**
 * Rations TokenReviews, the one thing on the HTTP API that anyone can make the operator do without
 * credentials (each random token would otherwise cost a blocked worker and an API server call).
 *
 * <ul>
 *   <li>Reviews of tokens this replica has not accepted recently: at most {@code inFlight} at once,
 *       and each source address pays for them from a token bucket. Over either, the answer comes at
 *       once (503 or 429 with Retry-After) instead of queueing.
 *   <li>Re-reviews of tokens it accepted recently (their short cache entry expired): a lane of
 *       their own with as many slots, so a flood of unknown tokens never delays a known caller.
 *       Only a token the API server accepted gets in, so strangers cannot use this lane.
 * </ul>
 */
public final class ReviewGate {
  private final Semaphore unknown;
  private final Semaphore known;
  private final Semaphore waiters;
  private final NamespaceRateLimiter perSource;
  private final TtlCache<String, Boolean> knownTokens;

  /**
   * @param inFlight most reviews at once in each lane
   * @param perSource review rate per source address, keyed by address (the same token bucket
   *     limiter as namespaces use)
   * @param knownTokens hashes of tokens accepted recently; bounded
   */
  public ReviewGate(
      int inFlight, NamespaceRateLimiter perSource, TtlCache<String, Boolean> knownTokens) {
    this.unknown = new Semaphore(inFlight);
    this.known = new Semaphore(inFlight);
    // Requests that wait for a review of their token already in flight (a new pod's first burst)
    // hold a worker while they wait: bounded too, so with both lanes full a flood still leaves
    // the API workers room.
    this.waiters = new Semaphore(2 * inFlight);
    this.perSource = perSource;
    this.knownTokens = knownTokens;
  }

  /** A review slot; closing it frees the slot. */
  public interface Permit extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * A slot for reviewing the token with hash {@code tokenHash}, sent from {@code source}.
   *
   * @throws ApiError 429 when the source has used up its reviews; 503 when every slot is busy
   */
  public Permit admit(String tokenHash, String source) {
    if (knownTokens.get(tokenHash) != null) {
      return take(known);
    }
    chargeSource(source);
    return take(unknown);
  }

  private void chargeSource(String source) {
    long waitSeconds = perSource.acquire(source == null ? "" : source);
    if (waitSeconds > 0) {
      throw ApiError.tooManyRequests(
          "Too many unknown tokens from "
              + source
              + ": each address may have "
              + perSource.perSecond()
              + " new tokens per second reviewed (bursts of up to "
              + perSource.burst()
              + ") by each operator replica (PRESIGN_TOKEN_REVIEWS_PER_SECOND_PER_SOURCE)."
              + " Expected available in "
              + waitSeconds
              + (waitSeconds == 1 ? " second." : " seconds."),
          (int) Math.min(Integer.MAX_VALUE, waitSeconds));
    }
  }

  /**
   * A place among the requests waiting for a review of their token that another request already
   * started. Waiters from an address pay its rate like reviews do, unless the token is known.
   *
   * @throws ApiError 429 when the source has used up its reviews; 503 when too many wait already
   */
  public Permit join(String tokenHash, String source) {
    if (knownTokens.get(tokenHash) == null) {
      chargeSource(source);
    }
    return take(waiters);
  }

  /** Whether the API server accepted the token with hash {@code tokenHash} in the last hour. */
  public boolean knows(String tokenHash) {
    return knownTokens.get(tokenHash) != null;
  }

  /** The API server accepted the token: its later re-reviews use the known lane. */
  public void remember(String tokenHash) {
    knownTokens.put(tokenHash, Boolean.TRUE);
  }

  private static Permit take(Semaphore lane) {
    if (!lane.tryAcquire()) {
      throw ApiError.unavailable(
          "Too many token reviews in flight on this replica (PRESIGN_TOKEN_REVIEWS_IN_FLIGHT);"
              + " try again in a second.",
          1);
    }
    return lane::release;
  }
}
