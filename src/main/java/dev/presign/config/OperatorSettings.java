package dev.presign.config;

import dev.presign.api.v1alpha1.SchemaConstraints;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Typed settings of a running operator, read from environment variables (what a Deployment sets)
 * with defaults that suit a single-namespace install.
 */
public record OperatorSettings(
    String operatorNamespace,
    Set<String> watchNamespaces,
    Set<String> credentialsNamespaces,
    boolean leaderElection,
    String leaseName,
    Duration leaseDuration,
    String httpHost,
    int httpPort,
    String tokenAudience,
    Duration authCacheTtl,
    Duration s3CallTimeout,
    Duration classProbeInterval,
    Duration issueTimeout,
    int maxCreatesInFlight,
    int reconcileThreads,
    int headObjectPerSecond,
    int maxOutstandingPerNamespace,
    int requestsPerSecondPerNamespace,
    int requestBurstPerNamespace,
    int tokenReviewsInFlight,
    int tokenReviewsPerSecondPerSource,
    int tokenReviewBurstPerSource,
    Duration httpIdleTimeout,
    String podName,
    int notifyAttempts,
    Duration notifyBackoff,
    Duration notifyGiveUp,
    Duration notifyTimeout) {

  public static final ConfigOption<String> POD_NAME =
      new ConfigOption<>(
          "POD_NAME",
          "",
          "This replica's name (the chart sets it from metadata.name): its identity in the leader Lease; empty means a random one.",
          Function.identity());
  public static final ConfigOption<String> OPERATOR_NAMESPACE =
      new ConfigOption<>(
          "PRESIGN_OPERATOR_NAMESPACE",
          "presign-system",
          "Namespace the operator runs in; holds its Lease and, by default, the credentials Secrets.",
          Function.identity());
  public static final ConfigOption<Set<String>> WATCH_NAMESPACES =
      new ConfigOption<>(
          "PRESIGN_WATCH_NAMESPACES",
          "",
          "Comma-separated namespaces whose UploadRequests are reconciled; empty means all namespaces.",
          OperatorSettings::namespaces);
  public static final ConfigOption<Set<String>> CREDENTIALS_NAMESPACES =
      new ConfigOption<>(
          "PRESIGN_CREDENTIALS_NAMESPACES",
          "",
          "Comma-separated namespaces whose Secrets may hold UploadClass credentials (the operator watches Secrets there); empty means the operator namespace.",
          OperatorSettings::namespaces);
  public static final ConfigOption<Boolean> LEADER_ELECTION =
      new ConfigOption<>(
          "PRESIGN_LEADER_ELECTION",
          "true",
          "Elect one reconciling replica through a coordination.k8s.io Lease; every replica serves HTTP.",
          OperatorSettings::bool);
  public static final ConfigOption<String> LEASE_NAME =
      new ConfigOption<>(
          "PRESIGN_LEASE_NAME",
          "presign-operator-leader",
          "Name of the leader-election Lease in the operator namespace.",
          Function.identity());
  public static final ConfigOption<Duration> LEASE_DURATION =
      new ConfigOption<>(
          "PRESIGN_LEASE_DURATION_SECONDS",
          "15",
          "Seconds a leader's Lease lasts without renewal; a successor takes over after about this long.",
          OperatorSettings::seconds);
  public static final ConfigOption<String> HTTP_HOST =
      new ConfigOption<>(
          "PRESIGN_HTTP_HOST",
          "0.0.0.0",
          "Address the HTTP API binds to (use 127.0.0.1 outside a Pod).",
          Function.identity());
  public static final ConfigOption<Integer> HTTP_PORT =
      new ConfigOption<>(
          "PRESIGN_HTTP_PORT",
          "8080",
          "Port of the HTTP API, health and metrics.",
          OperatorSettings::port);
  public static final ConfigOption<String> TOKEN_AUDIENCE =
      new ConfigOption<>(
          "PRESIGN_TOKEN_AUDIENCE",
          "presign-operator",
          "Audience a caller's ServiceAccount token must carry (TokenReview spec.audiences, checked in status.audiences): callers mount a projected token for it. Empty accepts the API server's own tokens (less safe: a token sent here is also good against the API server).",
          Function.identity());
  public static final ConfigOption<Duration> AUTH_CACHE_TTL =
      new ConfigOption<>(
          "PRESIGN_AUTH_CACHE_SECONDS",
          "10",
          "Seconds a TokenReview or SubjectAccessReview answer is reused.",
          OperatorSettings::seconds);
  public static final ConfigOption<Duration> S3_CALL_TIMEOUT =
      new ConfigOption<>(
          "PRESIGN_S3_TIMEOUT_SECONDS",
          "5",
          "Timeout of one S3 call (HeadBucket, HeadObject, multipart create/list/abort); not of"
              + " CompleteMultipartUpload, whose bound grows with the object (docs/multipart.md).",
          OperatorSettings::seconds);
  public static final ConfigOption<Duration> CLASS_PROBE_INTERVAL =
      new ConfigOption<>(
          "PRESIGN_CLASS_PROBE_SECONDS",
          "300",
          "Seconds between HeadBucket probes of a Ready UploadClass.",
          OperatorSettings::seconds);
  public static final ConfigOption<Duration> ISSUE_TIMEOUT =
      new ConfigOption<>(
          "PRESIGN_ISSUE_TIMEOUT_SECONDS",
          "10",
          "Seconds the HTTP API waits for a new UploadRequest to be issued before answering 503.",
          OperatorSettings::seconds);
  // Overload (docs/operations.md, "Overload"): about 10x the creates in flight at 120 uploads/s
  // with 50 ms each (6), so bursts pass; at the 60-80 creates/s the e2e control plane sustained
  // (issue 14), about a second of queued work, where a caller is better served by a quick 503.
  public static final ConfigOption<Integer> MAX_CREATES_IN_FLIGHT =
      new ConfigOption<>(
          "PRESIGN_MAX_CREATES_IN_FLIGHT",
          "64",
          "Most upload creates (POST /api/v1/uploads/, Companion's GET /s3/params and POST /s3/multipart) in flight on each replica, from admission to answer, for callers whose token it accepted in the last hour, and as many again for tokens it has not seen; more answer 503 with Retry-After at once, before any TokenReview or API server call; 0 means unlimited.",
          OperatorSettings::limit);
  public static final ConfigOption<Integer> RECONCILE_THREADS =
      new ConfigOption<>(
          "PRESIGN_RECONCILE_THREADS",
          "10",
          "Reconciler worker threads (S3 HEAD calls block one each).",
          OperatorSettings::positive);

  public static final ConfigOption<Integer> HEAD_OBJECT_PER_SECOND =
      new ConfigOption<>(
          "PRESIGN_HEAD_OBJECT_PER_SECOND",
          "50",
          "Most HeadObject calls per second the reconciler makes to confirm uploads; pending uploads beyond it are looked at a little later.",
          OperatorSettings::positive);

  // Abuse limits of the HTTP API (docs/security.md, "Abuse limits"). Generous by default: an app
  // that needs more is an outlier the platform team should hear about, not a normal one.
  public static final ConfigOption<Integer> MAX_OUTSTANDING_PER_NAMESPACE =
      new ConfigOption<>(
          "PRESIGN_MAX_OUTSTANDING_PER_NAMESPACE",
          "1000",
          "Most unfinished (Pending or Issued) UploadRequests a namespace may have before POST /api/v1/uploads/ answers 429; 0 means unlimited.",
          OperatorSettings::limit);
  public static final ConfigOption<Integer> REQUESTS_PER_SECOND_PER_NAMESPACE =
      new ConfigOption<>(
          "PRESIGN_REQUESTS_PER_SECOND_PER_NAMESPACE",
          "50",
          "Sustained /api/v1/uploads requests per second per namespace, on each replica, before answering 429; 0 means unlimited.",
          OperatorSettings::limit);
  public static final ConfigOption<Integer> REQUEST_BURST_PER_NAMESPACE =
      new ConfigOption<>(
          "PRESIGN_REQUEST_BURST_PER_NAMESPACE",
          "100",
          "Requests a namespace may make at once above the per-second rate (the token bucket's size); unused when the rate is 0.",
          OperatorSettings::positive);

  // Rationing of TokenReviews, the one thing anyone can make the HTTP API do without credentials
  // (docs/security.md, "An anonymous flood").
  public static final ConfigOption<Integer> TOKEN_REVIEWS_IN_FLIGHT =
      new ConfigOption<>(
          "PRESIGN_TOKEN_REVIEWS_IN_FLIGHT",
          "8",
          "Most TokenReviews at once, on each replica, for tokens it has not accepted in the last hour; more answer 503 with Retry-After at once. Re-reviews of tokens it accepted get as many slots again of their own.",
          OperatorSettings::positive);
  public static final ConfigOption<Integer> TOKEN_REVIEWS_PER_SECOND_PER_SOURCE =
      new ConfigOption<>(
          "PRESIGN_TOKEN_REVIEWS_PER_SECOND_PER_SOURCE",
          "10",
          "Sustained TokenReviews per second of tokens not yet accepted, per client address (the TCP peer), on each replica, before answering 429; 0 means unlimited.",
          OperatorSettings::limit);
  public static final ConfigOption<Integer> TOKEN_REVIEW_BURST_PER_SOURCE =
      new ConfigOption<>(
          "PRESIGN_TOKEN_REVIEW_BURST_PER_SOURCE",
          "20",
          "Reviews of new tokens a client address may have at once above the per-second rate; unused when the rate is 0.",
          OperatorSettings::positive);
  public static final ConfigOption<Duration> HTTP_IDLE_TIMEOUT =
      new ConfigOption<>(
          "PRESIGN_HTTP_IDLE_TIMEOUT_SECONDS",
          "60",
          "Seconds an HTTP connection may stay open without sending or receiving anything before the operator closes it.",
          OperatorSettings::seconds);

  // Completion notifications (docs/notifications.md, "Delivery"): the one definition of their
  // bounds.
  public static final ConfigOption<Integer> NOTIFY_ATTEMPTS =
      new ConfigOption<>(
          "PRESIGN_NOTIFY_ATTEMPTS",
          "12",
          "Most delivery attempts of one completion notification (UploadClass spec.notify) before its Notified condition turns False.",
          OperatorSettings::positive);
  public static final ConfigOption<Duration> NOTIFY_BACKOFF =
      new ConfigOption<>(
          "PRESIGN_NOTIFY_BACKOFF_SECONDS",
          "2",
          "Wait before the second attempt of a notification; each further wait doubles, up to 5 minutes.",
          OperatorSettings::seconds);
  public static final ConfigOption<Duration> NOTIFY_GIVE_UP =
      new ConfigOption<>(
          "PRESIGN_NOTIFY_GIVE_UP_SECONDS",
          "3600",
          "Seconds after an upload finished after which no further notification attempt is made, whatever the attempts left.",
          OperatorSettings::seconds);
  public static final ConfigOption<Duration> NOTIFY_TIMEOUT =
      new ConfigOption<>(
          "PRESIGN_NOTIFY_TIMEOUT_SECONDS",
          "5",
          "Seconds one notification attempt may take to connect, and again to get the answer's status line, before it counts as failed.",
          OperatorSettings::seconds);

  /** Every option, for docs and validation. */
  public static final List<ConfigOption<?>> ALL =
      List.of(
          OPERATOR_NAMESPACE,
          WATCH_NAMESPACES,
          CREDENTIALS_NAMESPACES,
          LEADER_ELECTION,
          LEASE_NAME,
          LEASE_DURATION,
          HTTP_HOST,
          HTTP_PORT,
          TOKEN_AUDIENCE,
          AUTH_CACHE_TTL,
          S3_CALL_TIMEOUT,
          CLASS_PROBE_INTERVAL,
          ISSUE_TIMEOUT,
          MAX_CREATES_IN_FLIGHT,
          RECONCILE_THREADS,
          HEAD_OBJECT_PER_SECOND,
          MAX_OUTSTANDING_PER_NAMESPACE,
          REQUESTS_PER_SECOND_PER_NAMESPACE,
          REQUEST_BURST_PER_NAMESPACE,
          TOKEN_REVIEWS_IN_FLIGHT,
          TOKEN_REVIEWS_PER_SECOND_PER_SOURCE,
          TOKEN_REVIEW_BURST_PER_SOURCE,
          HTTP_IDLE_TIMEOUT,
          POD_NAME,
          NOTIFY_ATTEMPTS,
          NOTIFY_BACKOFF,
          NOTIFY_GIVE_UP,
          NOTIFY_TIMEOUT);

  /**
   * @throws IllegalArgumentException naming the variable and what it allows
   */
  public static OperatorSettings fromEnvironment(Map<String, String> env) {
    String operatorNamespace = OPERATOR_NAMESPACE.parse(env.get(OPERATOR_NAMESPACE.env()));
    Set<String> credentialsNamespaces =
        CREDENTIALS_NAMESPACES.parse(env.get(CREDENTIALS_NAMESPACES.env()));
    if (credentialsNamespaces.isEmpty()) {
      credentialsNamespaces = Set.of(operatorNamespace);
    }
    return new OperatorSettings(
        operatorNamespace,
        WATCH_NAMESPACES.parse(env.get(WATCH_NAMESPACES.env())),
        credentialsNamespaces,
        LEADER_ELECTION.parse(env.get(LEADER_ELECTION.env())),
        LEASE_NAME.parse(env.get(LEASE_NAME.env())),
        LEASE_DURATION.parse(env.get(LEASE_DURATION.env())),
        HTTP_HOST.parse(env.get(HTTP_HOST.env())),
        HTTP_PORT.parse(env.get(HTTP_PORT.env())),
        TOKEN_AUDIENCE.parse(env.get(TOKEN_AUDIENCE.env())),
        AUTH_CACHE_TTL.parse(env.get(AUTH_CACHE_TTL.env())),
        S3_CALL_TIMEOUT.parse(env.get(S3_CALL_TIMEOUT.env())),
        CLASS_PROBE_INTERVAL.parse(env.get(CLASS_PROBE_INTERVAL.env())),
        ISSUE_TIMEOUT.parse(env.get(ISSUE_TIMEOUT.env())),
        MAX_CREATES_IN_FLIGHT.parse(env.get(MAX_CREATES_IN_FLIGHT.env())),
        RECONCILE_THREADS.parse(env.get(RECONCILE_THREADS.env())),
        HEAD_OBJECT_PER_SECOND.parse(env.get(HEAD_OBJECT_PER_SECOND.env())),
        MAX_OUTSTANDING_PER_NAMESPACE.parse(env.get(MAX_OUTSTANDING_PER_NAMESPACE.env())),
        REQUESTS_PER_SECOND_PER_NAMESPACE.parse(env.get(REQUESTS_PER_SECOND_PER_NAMESPACE.env())),
        REQUEST_BURST_PER_NAMESPACE.parse(env.get(REQUEST_BURST_PER_NAMESPACE.env())),
        TOKEN_REVIEWS_IN_FLIGHT.parse(env.get(TOKEN_REVIEWS_IN_FLIGHT.env())),
        TOKEN_REVIEWS_PER_SECOND_PER_SOURCE.parse(
            env.get(TOKEN_REVIEWS_PER_SECOND_PER_SOURCE.env())),
        TOKEN_REVIEW_BURST_PER_SOURCE.parse(env.get(TOKEN_REVIEW_BURST_PER_SOURCE.env())),
        HTTP_IDLE_TIMEOUT.parse(env.get(HTTP_IDLE_TIMEOUT.env())),
        POD_NAME.parse(env.get(POD_NAME.env())),
        NOTIFY_ATTEMPTS.parse(env.get(NOTIFY_ATTEMPTS.env())),
        NOTIFY_BACKOFF.parse(env.get(NOTIFY_BACKOFF.env())),
        NOTIFY_GIVE_UP.parse(env.get(NOTIFY_GIVE_UP.env())),
        NOTIFY_TIMEOUT.parse(env.get(NOTIFY_TIMEOUT.env())));
  }

  public static OperatorSettings defaults() {
    return fromEnvironment(Map.of());
  }

  private static Set<String> namespaces(String value) {
    Set<String> result = new TreeSet<>();
    for (String part : Arrays.asList(value.split(","))) {
      String ns = part.trim();
      if (ns.isEmpty()) {
        continue;
      }
      if (ns.length() > SchemaConstraints.MAX_NAMESPACE_LENGTH
          || !ns.matches(SchemaConstraints.DNS_LABEL_PATTERN)) {
        throw new IllegalArgumentException(
            "'" + ns + "' is not a namespace name (lowercase letters, digits, '-')");
      }
      result.add(ns);
    }
    return Set.copyOf(result);
  }

  private static boolean bool(String value) {
    return switch (value.toLowerCase(java.util.Locale.ROOT)) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw new IllegalArgumentException("must be true or false");
    };
  }

  private static Duration seconds(String value) {
    long seconds = Long.parseLong(value);
    if (seconds < 1) {
      throw new IllegalArgumentException("must be a whole number of seconds of at least 1");
    }
    return Duration.ofSeconds(seconds);
  }

  private static int port(String value) {
    int port = Integer.parseInt(value);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("must be a port from 0 to 65535");
    }
    return port;
  }

  /** A count or rate where 0 switches the limit off. */
  private static int limit(String value) {
    String allowed = "must be a whole number from 0 (unlimited) to " + Integer.MAX_VALUE;
    int n = wholeNumber(value, allowed);
    if (n < 0) {
      throw new IllegalArgumentException(allowed);
    }
    return n;
  }

  private static int positive(String value) {
    int n = wholeNumber(value, "must be a whole number of at least 1");
    if (n < 1) {
      throw new IllegalArgumentException("must be at least 1");
    }
    return n;
  }

  private static int wholeNumber(String value, String allowed) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(allowed);
    }
  }
}
