package dev.presign.http;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;

/**
 * The per-namespace abuse limits of the HTTP API, and their one answer: 429 with Retry-After and a
 * {@code detail} that names the limit, its value and the setting. Also turns the API server's own
 * ResourceQuota refusal into the same kind of answer, since for the caller it means the same: too
 * many uploads in this namespace for now.
 */
public final class AbuseLimits {
  /**
   * Retry-After for the count limits. They clear when uploads finish (uploaded, expired, deleted),
   * not after a known time, so this is a polite polling interval rather than a promise.
   */
  static final int COUNT_RETRY_AFTER_SECONDS = 30;

  private static final String QUOTA_MARKER = "exceeded quota:";

  /** What the API server's max-in-flight and priority-and-fairness filters send with a 429. */
  static final int API_SERVER_RETRY_AFTER_SECONDS = 1;

  /** A quota message names the quota and its figures; anything longer is not worth echoing. */
  private static final int MAX_QUOTA_MESSAGE = 500;

  private final NamespaceRateLimiter rate;
  private final UploadRequestIndex index;
  private final int maxOutstanding;

  /**
   * @param maxOutstanding most unfinished UploadRequests per namespace; 0 means unlimited
   */
  public AbuseLimits(NamespaceRateLimiter rate, UploadRequestIndex index, int maxOutstanding) {
    this.rate = rate;
    this.index = index;
    this.maxOutstanding = maxOutstanding;
  }

  /**
   * Charges one request to the namespace. Call it only once the caller is authenticated and
   * authorized there, so nobody can spend another namespace's budget.
   *
   * @throws ApiError 429 when the namespace is over its rate on this replica
   */
  public void chargeRequest(String namespace) {
    long waitSeconds = rate.acquire(namespace);
    if (waitSeconds == 0) {
      return;
    }
    throw ApiError.tooManyRequests(
        "Request was throttled: namespace "
            + namespace
            + " may make "
            + rate.perSecond()
            + " requests per second (bursts of up to "
            + rate.burst()
            + ") to each operator replica"
            + " (PRESIGN_REQUESTS_PER_SECOND_PER_NAMESPACE). Expected available in "
            + waitSeconds
            + (waitSeconds == 1 ? " second." : " seconds."),
        (int) Math.min(Integer.MAX_VALUE, waitSeconds));
  }

  /**
   * @throws ApiError 429 when the namespace already has the most unfinished uploads allowed
   */
  public void checkOutstanding(String namespace) {
    if (maxOutstanding == 0) {
      return;
    }
    int outstanding = index.outstandingIn(namespace);
    if (outstanding < maxOutstanding) {
      return;
    }
    throw ApiError.tooManyRequests(
        "Namespace "
            + namespace
            + " has "
            + outstanding
            + " unfinished uploads (Pending or Issued); the most allowed is "
            + maxOutstanding
            + " (PRESIGN_MAX_OUTSTANDING_PER_NAMESPACE). Try again once some are uploaded,"
            + " have expired or are deleted.",
        COUNT_RETRY_AFTER_SECONDS);
  }

  /**
   * The API server refused a create for lack of room, so nothing was recorded:
   *
   * <ul>
   *   <li>a ResourceQuota in the namespace is used up: 429 with the quota's own message (the
   *       quota's name and figures; nothing secret);
   *   <li>the API server itself is shedding load (its own 429, from {@code --max-requests-inflight}
   *       or priority and fairness, which refuse a request before handling it): 503 with
   *       Retry-After at once, since the caller's own budget is not what ran out, and with no
   *       lookup of whether the create landed (that would be one more request to a server that is
   *       already refusing them).
   * </ul>
   */
  public static Optional<ApiError> capacityRefusal(String namespace, KubernetesClientException e) {
    if (e.getCode() == 429) {
      return Optional.of(apiServerOverloaded(e));
    }
    String message = e.getStatus() == null ? null : e.getStatus().getMessage();
    if (e.getCode() != 403 || message == null) {
      return Optional.empty();
    }
    int at = message.indexOf(QUOTA_MARKER);
    if (at < 0) {
      return Optional.empty();
    }
    String quota = message.substring(at);
    int newline = quota.indexOf('\n');
    if (newline >= 0) {
      quota = quota.substring(0, newline);
    }
    if (quota.length() > MAX_QUOTA_MESSAGE) {
      quota = quota.substring(0, MAX_QUOTA_MESSAGE) + "...";
    }
    return Optional.of(
        ApiError.tooManyRequests(
            "A ResourceQuota in namespace "
                + namespace
                + " allows no more UploadRequests: "
                + quota
                + ". Try again once finished uploads are deleted"
                + " (ttlSecondsAfterFinished), or ask for a larger quota.",
            COUNT_RETRY_AFTER_SECONDS));
  }

  private static ApiError apiServerOverloaded(KubernetesClientException e) {
    // The API server's Retry-After is in the Status details when it sends a Status; its
    // max-in-flight and priority-and-fairness filters send plain text with Retry-After: 1.
    Integer retryAfter =
        e.getStatus() == null || e.getStatus().getDetails() == null
            ? null
            : e.getStatus().getDetails().getRetryAfterSeconds();
    return ApiError.unavailable(
        "The Kubernetes API server is overloaded (429 Too Many Requests) and did not record the"
            + " upload request; try again shortly.",
        retryAfter == null || retryAfter < 1 ? API_SERVER_RETRY_AFTER_SECONDS : retryAfter);
  }
}
