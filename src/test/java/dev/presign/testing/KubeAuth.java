package dev.presign.testing;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatusBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the API server's authenticator and RBAC would answer, for the mock server: tokens map to
 * users, and a set of "user verb namespace" grants decides SubjectAccessReviews. It also answers
 * JOSDK's SelfSubjectRulesReview with a rule for Leases. Reading a request body consumes it, so
 * only these paths are read.
 */
public final class KubeAuth {
  private final Map<String, String> usersByToken = new ConcurrentHashMap<>();
  private final Map<String, List<String>> audiencesByToken = new ConcurrentHashMap<>();
  private final Set<String> grants = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean down = new AtomicBoolean();
  private final java.util.concurrent.atomic.AtomicReference<java.time.Duration> reviewDelay =
      new java.util.concurrent.atomic.AtomicReference<>(java.time.Duration.ZERO);
  private final java.util.concurrent.atomic.AtomicLong tokenReviews =
      new java.util.concurrent.atomic.AtomicLong();

  /** The audience of the API server itself (its {@code --api-audiences}), as in e2e/. */
  public static final String API_AUDIENCE = "https://kubernetes.default.svc.cluster.local";

  public KubeAuth(MockCluster cluster) {
    cluster.intercept(
        request -> {
          String path = request.getPath();
          if (!"POST".equals(request.getMethod())) {
            return null;
          }
          if (path.startsWith("/apis/authentication.k8s.io/v1/tokenreviews")) {
            return down.get()
                ? new MockResponse().setResponseCode(500).setBody("{}")
                : tokenReview(Serialization.unmarshal(request.getUtf8Body(), TokenReview.class));
          }
          if (path.startsWith("/apis/authorization.k8s.io/v1/subjectaccessreviews")) {
            return down.get()
                ? new MockResponse().setResponseCode(500).setBody("{}")
                : accessReview(
                    Serialization.unmarshal(request.getUtf8Body(), SubjectAccessReview.class));
          }
          if (path.startsWith("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")) {
            SelfSubjectRulesReview answer =
                new SelfSubjectRulesReviewBuilder()
                    .withNewStatus()
                    .addNewResourceRule()
                    .withApiGroups("coordination.k8s.io")
                    .withResources("leases")
                    .withVerbs("*")
                    .endResourceRule()
                    .withIncomplete(false)
                    .endStatus()
                    .build();
            return new MockResponse().setResponseCode(201).setBody(Serialization.asJson(answer));
          }
          return null;
        });
  }

  /** Makes {@code token} authenticate as {@code username}. */
  public void register(String token, String username) {
    usersByToken.put(token, username);
  }

  /**
   * A ServiceAccount token for {@code system:serviceaccount:ns:name}, valid for any audience (the
   * answer names the audience asked for, as an audience-aware authenticator does).
   */
  public String serviceAccountToken(String namespace, String name) {
    String token =
        "token-"
            + namespace
            + "-"
            + name
            + "-"
            + Integer.toHexString(System.identityHashCode(this));
    usersByToken.put(token, "system:serviceaccount:" + namespace + ":" + name);
    return token;
  }

  /** A token the authenticator accepts only for {@code audience}. */
  public String tokenForAudience(String namespace, String name, String audience) {
    String token = serviceAccountToken(namespace, name) + "-" + audience;
    usersByToken.put(token, "system:serviceaccount:" + namespace + ":" + name);
    audiencesByToken.put(token, List.of(audience));
    return token;
  }

  /**
   * The token every pod has by default ({@code kubectl create token} without {@code --audience}):
   * good only for the API server's own audience.
   */
  public String apiServerToken(String namespace, String name) {
    return tokenForAudience(namespace, name, API_AUDIENCE);
  }

  /**
   * Makes TokenReviews take this long to answer (the mock server delays the body without blocking),
   * as a busy API server does.
   */
  public void setReviewDelay(java.time.Duration delay) {
    reviewDelay.set(delay);
  }

  /** TokenReviews answered so far. */
  public long tokenReviews() {
    return tokenReviews.get();
  }

  public void allow(String user, String verb, String namespace) {
    grants.add(user + " " + verb + " " + namespace);
  }

  /** Makes both reviews fail with HTTP 500, as an unreachable API server would. */
  public void setDown(boolean isDown) {
    down.set(isDown);
  }

  /**
   * As the API server: no audience asked means its own; the answer names the audiences the token
   * and the request have in common.
   */
  private MockResponse tokenReview(TokenReview review) {
    tokenReviews.incrementAndGet();
    String token = review.getSpec().getToken();
    String user = usersByToken.get(token);
    List<String> requested =
        review.getSpec().getAudiences() == null || review.getSpec().getAudiences().isEmpty()
            ? List.of(API_AUDIENCE)
            : review.getSpec().getAudiences();
    List<String> tokenAudiences = audiencesByToken.get(token);
    List<String> common =
        tokenAudiences == null
            ? requested
            : requested.stream().filter(tokenAudiences::contains).toList();
    if (user != null && !common.isEmpty()) {
      review.setStatus(
          new TokenReviewStatusBuilder()
              .withAuthenticated(true)
              .withAudiences(common)
              .withNewUser()
              .withUsername(user)
              .withUid("uid-" + user)
              .withGroups("system:serviceaccounts", "system:authenticated")
              .endUser()
              .build());
    } else {
      review.setStatus(
          new TokenReviewStatusBuilder()
              .withAuthenticated(false)
              .withError("invalid bearer token")
              .build());
    }
    MockResponse answer =
        new MockResponse().setResponseCode(201).setBody(Serialization.asJson(review));
    java.time.Duration delay = reviewDelay.get();
    return delay.isZero() ? answer : answer.setBodyDelay(delay);
  }

  private MockResponse accessReview(SubjectAccessReview review) {
    var attributes = review.getSpec().getResourceAttributes();
    boolean allowed =
        grants.contains(
            review.getSpec().getUser()
                + " "
                + attributes.getVerb()
                + " "
                + attributes.getNamespace());
    review.setStatus(new SubjectAccessReviewStatusBuilder().withAllowed(allowed).build());
    return new MockResponse().setResponseCode(201).setBody(Serialization.asJson(review));
  }
}
