package dev.presign.http;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * {@code Authorization: Bearer <token>} → a TokenReview by the API server (as kube-rbac-proxy
 * does), cached briefly by a SHA-256 of the token so the token itself is never kept as a key.
 * Blocking: call it off the event loop.
 */
public final class TokenAuthenticator {
  private static final Caller UNAUTHENTICATED = new Caller(null, null, List.of(), Map.of());

  private final KubernetesClient client;
  private final List<String> audiences;
  private final TtlCache<String, Caller> cache;

  public TokenAuthenticator(
      KubernetesClient client, String audience, TtlCache<String, Caller> cache) {
    this.client = client;
    this.audiences = audience == null || audience.isBlank() ? List.of() : List.of(audience);
    this.cache = cache;
  }

  /**
   * @throws ApiError 401 without a valid token, 503 when the API server cannot answer
   */
  public Caller authenticate(String authorizationHeader) {
    String token = bearerToken(authorizationHeader);
    String key = sha256(token);
    Caller cached = cache.get(key);
    if (cached == null) {
      cached = review(token);
      cache.put(key, cached);
    }
    if (cached == UNAUTHENTICATED) {
      throw ApiError.detail(
          401,
          "Invalid token: the API server did not authenticate it (expired, revoked, or for another audience).");
    }
    return cached;
  }

  private Caller review(String token) {
    TokenReview request =
        new TokenReviewBuilder()
            .withNewSpec()
            .withToken(token)
            .withAudiences(audiences)
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
        || !Boolean.TRUE.equals(answer.getStatus().getAuthenticated())) {
      return UNAUTHENTICATED;
    }
    UserInfo user = answer.getStatus().getUser();
    return new Caller(
        user.getUsername(),
        user.getUid(),
        user.getGroups() == null ? List.of() : List.copyOf(user.getGroups()),
        user.getExtra() == null ? Map.of() : Map.copyOf(user.getExtra()));
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
