package dev.presign.http;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code Authorization: Bearer <token>} → a TokenReview by the API server (as kube-rbac-proxy
 * does), for this API's audience. Answers are cached briefly by a SHA-256 of the token so the token
 * itself is never kept as a key: acceptances and rejections in caches of their own, so a flood of
 * random tokens cannot push valid callers' answers out. Reviews go through a {@link ReviewGate}, so
 * an anonymous flood cannot tie up the workers or the API server. Blocking: call it off the event
 * loop.
 */
public final class TokenAuthenticator {
  private final KubernetesClient client;
  private final String audience;
  private final TtlCache<String, Caller> accepted;
  private final TtlCache<String, Boolean> rejected;
  private final ReviewGate gate;

  /** Reviews of a token in flight, by its hash, so concurrent requests with it share one. */
  private final ConcurrentHashMap<String, CompletableFuture<Optional<Caller>>> reviewing =
      new ConcurrentHashMap<>();

  /** Longer than the API client's own timeout of a review (5 s), so this is only a backstop. */
  private static final Duration REVIEW_WAIT = Duration.ofSeconds(10);

  /**
   * @param audience the audience callers' tokens must carry; empty means the API server's own (less
   *     safe: such a token is also good for the API server itself)
   */
  public TokenAuthenticator(
      KubernetesClient client,
      String audience,
      TtlCache<String, Caller> accepted,
      TtlCache<String, Boolean> rejected,
      ReviewGate gate) {
    this.client = client;
    this.audience = audience == null ? "" : audience.trim();
    this.accepted = accepted;
    this.rejected = rejected;
    this.gate = gate;
  }

  /**
   * @param source the caller's network address, which pays for reviews of tokens not yet seen
   * @throws ApiError 401 without a valid token; 429 or 503 (with Retry-After) when reviews are
   *     rationed; 503 when the API server cannot answer
   */
  public Caller authenticate(String authorizationHeader, String source) {
    String token = bearerToken(authorizationHeader);
    String key = sha256(token);
    Caller cached = accepted.get(key);
    if (cached != null) {
      return cached;
    }
    if (rejected.get(key) != null) {
      throw invalidToken();
    }
    CompletableFuture<Optional<Caller>> mine = new CompletableFuture<>();
    CompletableFuture<Optional<Caller>> running = reviewing.putIfAbsent(key, mine);
    Optional<Caller> reviewed =
        running == null ? reviewOnce(token, key, source, mine) : awaitReview(running, key, source);
    return reviewed.orElseThrow(this::invalidToken);
  }

  /**
   * The caller, when this token's answer is still cached; empty when only a review can tell (then
   * call {@link #authenticate} on a worker). Never blocks, so a request whose answers are all in
   * memory can be served on the event loop, without a hop to a worker and back.
   *
   * @throws ApiError 401 without a well-formed token, or for a token recently rejected
   */
  public Optional<Caller> remembered(String authorizationHeader) {
    String key = sha256(bearerToken(authorizationHeader));
    Caller cached = accepted.get(key);
    if (cached != null) {
      return Optional.of(cached);
    }
    if (rejected.get(key) != null) {
      throw invalidToken();
    }
    return Optional.empty();
  }

  /**
   * Whether this replica accepted the token recently (its answer is cached, or the API server
   * accepted it in the last hour), so that a flood of tokens nobody has seen can be kept apart from
   * known callers before any review. Never blocks.
   *
   * @throws ApiError 401 without a well-formed token
   */
  public boolean known(String authorizationHeader) {
    String key = sha256(bearerToken(authorizationHeader));
    return accepted.get(key) != null || gate.knows(key);
  }

  /** Reviews the token (one slot of the gate) and tells whoever waits for the same token. */
  private Optional<Caller> reviewOnce(
      String token, String key, String source, CompletableFuture<Optional<Caller>> result) {
    try {
      Optional<Caller> reviewed;
      try (ReviewGate.Permit permit = gate.admit(key, source)) {
        reviewed = Optional.ofNullable(review(token));
      }
      if (reviewed.isPresent()) {
        accepted.put(key, reviewed.get());
        gate.remember(key);
      } else {
        rejected.put(key, Boolean.TRUE);
      }
      result.complete(reviewed);
      return reviewed;
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
      throw e;
    } finally {
      reviewing.remove(key, result);
    }
  }

  /**
   * Concurrent requests with one token (a new pod's first burst) share one review rather than each
   * taking a slot; they get its answer, or its refusal.
   */
  private Optional<Caller> awaitReview(
      CompletableFuture<Optional<Caller>> running, String key, String source) {
    try (ReviewGate.Permit permit = gate.join(key, source)) {
      return running.get(REVIEW_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ApiError error) {
        throw error;
      }
      throw ApiError.unavailable("The token could not be reviewed; try again shortly.", 2);
    } catch (TimeoutException e) {
      throw ApiError.unavailable("The token could not be reviewed in time; try again shortly.", 2);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiError.unavailable("The token could not be reviewed; try again shortly.", 2);
    }
  }

  private ApiError invalidToken() {
    return ApiError.detail(
        401,
        audience.isEmpty()
            ? "Invalid token: the API server did not authenticate it (expired, revoked, or for"
                + " another audience)."
            : "Invalid token: the API server did not authenticate it for audience '"
                + audience
                + "' (expired, revoked, or for another audience: mount a projected"
                + " ServiceAccount token with audience '"
                + audience
                + "').");
  }

  /** The authenticated caller, or null when the token is not good for this API. */
  private Caller review(String token) {
    TokenReview request =
        new TokenReviewBuilder()
            .withNewSpec()
            .withToken(token)
            .withAudiences(audience.isEmpty() ? List.of() : List.of(audience))
            .endSpec()
            .build();
    TokenReview answer;
    try {
      answer = client.resource(request).create();
    } catch (KubernetesClientException e) {
      throw ApiError.unavailable(
          "The Kubernetes API server could not review the token (HTTP "
              + e.getCode()
              + "); try again shortly.",
          2);
    }
    if (answer == null
        || answer.getStatus() == null
        || !Boolean.TRUE.equals(answer.getStatus().getAuthenticated())
        || answer.getStatus().getUser() == null
        || !forThisAudience(answer.getStatus().getAudiences())) {
      return null;
    }
    UserInfo user = answer.getStatus().getUser();
    return new Caller(
        user.getUsername(),
        user.getUid(),
        user.getGroups() == null ? List.of() : List.copyOf(user.getGroups()),
        user.getExtra() == null ? Map.of() : Map.copyOf(user.getExtra()));
  }

  /**
   * Kubernetes asks clients that set {@code spec.audiences} to check that the answer names a
   * compatible audience: an authenticator that ignores audiences (some webhooks) answers with none,
   * and an empty list means "valid for the API server", not for us.
   */
  private boolean forThisAudience(List<String> answered) {
    return audience.isEmpty() || (answered != null && answered.contains(audience));
  }

  private static String bearerToken(String header) {
    if (header == null || header.isBlank()) {
      throw ApiError.detail(
          401,
          "Authentication credentials were not provided: send Authorization: Bearer <ServiceAccount token>.");
    }
    String trimmed = header.trim();
    if (trimmed.length() < 8
        || !trimmed.regionMatches(true, 0, "Bearer ", 0, 7)
        || trimmed.substring(7).isBlank()) {
      throw ApiError.detail(
          401, "The Authorization header must be 'Bearer <ServiceAccount token>'.");
    }
    return trimmed.substring(7).trim();
  }

  private static String sha256(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
