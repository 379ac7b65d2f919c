package dev.presign.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The TokenReview answer as the fabric8 mock server gives it (expectations mode): which answers
 * authenticate a caller for this API's audience, and what is cached.
 */
class TokenAuthenticatorTest {
  private static final String AUDIENCE = "presign-operator";
  private static final String API_AUDIENCE = "https://kubernetes.default.svc.cluster.local";
  private static final String PATH = "/apis/authentication.k8s.io/v1/tokenreviews";
  private static final String SOURCE = "10.0.0.7";

  private final List<TokenReview> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
  private KubernetesMockServer server;
  private KubernetesClient client;

  @BeforeEach
  void start() throws Exception {
    server = new KubernetesMockServer(false);
    server.init(InetAddress.getByName("127.0.0.1"), 0);
    client = server.createClient();
  }

  @AfterEach
  void stop() {
    client.close();
    server.destroy();
  }

  /** Every TokenReview is answered by {@code answer} (given the token), authenticated or not. */
  private void answer(Function<String, TokenReview> answer) {
    server
        .expect()
        .post()
        .withPath(PATH)
        .andReply(
            201,
            request -> {
              // The body can be read once: keep what was sent for the test to look at.
              TokenReview review =
                  Serialization.unmarshal(request.getBody().readUtf8(), TokenReview.class);
              sent.add(review);
              return answer.apply(review.getSpec().getToken());
            })
        .always();
  }

  private static TokenReview authenticated(String user, List<String> audiences) {
    return new TokenReviewBuilder()
        .withNewStatus()
        .withAuthenticated(true)
        .withAudiences(audiences)
        .withNewUser()
        .withUsername(user)
        .withUid("uid-1")
        .withGroups("system:serviceaccounts", "system:authenticated")
        .endUser()
        .endStatus()
        .build();
  }

  private static TokenReview rejected() {
    return new TokenReviewBuilder()
        .withNewStatus()
        .withAuthenticated(false)
        .withError("invalid bearer token")
        .endStatus()
        .build();
  }

  private TokenAuthenticator authenticator(String audience, int cacheEntries) {
    Clock clock = Clock.systemUTC();
    return new TokenAuthenticator(
        client,
        audience,
        new TtlCache<>(clock, Duration.ofMinutes(5), cacheEntries),
        new TtlCache<>(clock, Duration.ofMinutes(5), cacheEntries),
        new ReviewGate(
            8,
            new NamespaceRateLimiter(0, 1, System::nanoTime),
            new TtlCache<>(clock, Duration.ofHours(1), cacheEntries)));
  }

  @Test
  void anAnswerWithoutOurAudienceIs401() {
    // An authenticator that ignores audiences (some webhooks) says "authenticated" and names none:
    // Kubernetes asks clients that set spec.audiences to treat that as not authenticated.
    answer(token -> authenticated("system:serviceaccount:team-a:app", List.of()));
    TokenAuthenticator authenticator = authenticator(AUDIENCE, 100);

    assertThatThrownBy(() -> authenticator.authenticate("Bearer some-token", SOURCE))
        .isInstanceOfSatisfying(
            ApiError.class,
            e -> {
              assertThat(e.status()).isEqualTo(401);
              assertThat(e.body().get("detail").toString())
                  .contains("audience 'presign-operator'")
                  .contains("projected ServiceAccount token");
            });
  }

  @Test
  void anAnswerForTheApiServersAudienceIs401() {
    answer(token -> authenticated("system:serviceaccount:team-a:app", List.of(API_AUDIENCE)));

    assertThatThrownBy(() -> authenticator(AUDIENCE, 100).authenticate("Bearer t", SOURCE))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.status()).isEqualTo(401));
  }

  @Test
  void anAnswerNamingOurAudienceAuthenticatesTheCaller() {
    answer(token -> authenticated("system:serviceaccount:team-a:app", List.of("x", AUDIENCE)));

    Caller caller = authenticator(AUDIENCE, 100).authenticate("Bearer t", SOURCE);

    assertThat(caller.username()).isEqualTo("system:serviceaccount:team-a:app");
    assertThat(caller.serviceAccountNamespace()).isEqualTo("team-a");
  }

  @Test
  void theReviewAsksForOurAudience() {
    answer(token -> authenticated("u", List.of(AUDIENCE)));
    authenticator(AUDIENCE, 100).authenticate("Bearer t", SOURCE);

    assertThat(sent)
        .singleElement()
        .satisfies(r -> assertThat(r.getSpec().getAudiences()).containsExactly(AUDIENCE));
  }

  @Test
  void withoutAnAudienceTheApiServersTokensAreAccepted() {
    // The documented, less safe setting: PRESIGN_TOKEN_AUDIENCE="".
    answer(token -> authenticated("system:serviceaccount:team-a:app", List.of(API_AUDIENCE)));

    assertThat(authenticator("", 100).authenticate("Bearer t", SOURCE).username())
        .isEqualTo("system:serviceaccount:team-a:app");
  }

  @Test
  void rememberedAnswersOnlyFromTheCacheAndNeverAsksTheApiServer() {
    // The event loop's path (signing a part): it may use a cached answer, never make a review.
    answer(token -> token.equals("good") ? authenticated("u", List.of(AUDIENCE)) : rejected());
    TokenAuthenticator authenticator = authenticator(AUDIENCE, 100);

    assertThat(authenticator.remembered("Bearer good")).isEmpty();
    assertThat(server.getRequestCount()).isZero();
    authenticator.authenticate("Bearer good", SOURCE);
    assertThat(authenticator.remembered("Bearer good"))
        .hasValueSatisfying(caller -> assertThat(caller.username()).isEqualTo("u"));

    assertThat(authenticator.remembered("Bearer wrong")).isEmpty();
    assertThatThrownBy(() -> authenticator.authenticate("Bearer wrong", SOURCE))
        .isInstanceOf(ApiError.class);
    // A rejected token stays rejected on this path too, and a malformed header is refused.
    for (String header : List.of("Bearer wrong", "Basic abc", "")) {
      assertThatThrownBy(() -> authenticator.remembered(header))
          .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.status()).isEqualTo(401));
    }
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void knownOnlyForTokensTheApiServerAcceptedAndNeverAsks() {
    // The event loop's check before a create is admitted: which lane, from memory only.
    answer(token -> token.equals("good") ? authenticated("u", List.of(AUDIENCE)) : rejected());
    TokenAuthenticator authenticator = authenticator(AUDIENCE, 100);

    assertThat(authenticator.known("Bearer good")).isFalse();
    assertThat(server.getRequestCount()).isZero();
    authenticator.authenticate("Bearer good", SOURCE);
    assertThat(authenticator.known("Bearer good")).isTrue();

    assertThatThrownBy(() -> authenticator.authenticate("Bearer wrong", SOURCE))
        .isInstanceOf(ApiError.class);
    assertThat(authenticator.known("Bearer wrong")).isFalse();
    for (String header : List.of("Basic abc", "")) {
      assertThatThrownBy(() -> authenticator.known(header))
          .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.status()).isEqualTo(401));
    }
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aRejectionIsCachedBriefly() {
    answer(token -> rejected());
    TokenAuthenticator authenticator = authenticator(AUDIENCE, 100);

    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> authenticator.authenticate("Bearer wrong", SOURCE))
          .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.status()).isEqualTo(401));
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void concurrentRequestsWithANewTokenShareOneReview() throws Exception {
    // A new pod's first burst: before, each request took a review slot of its own, and the ones
    // beyond the slots were answered 503.
    answer(
        token -> {
          try {
            // Holds the one review (and the mock server) until the others have come in.
            Thread.sleep(1_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return authenticated("system:serviceaccount:team-a:app", List.of(AUDIENCE));
        });
    TokenAuthenticator authenticator = authenticator(AUDIENCE, 100);
    int requests = 12;
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(requests);
    try {
      java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      List<java.util.concurrent.Future<Caller>> callers = new java.util.ArrayList<>();
      for (int i = 0; i < requests; i++) {
        callers.add(
            pool.submit(
                () -> {
                  go.await();
                  return authenticator.authenticate("Bearer new-pod", SOURCE);
                }));
      }
      go.countDown();
      for (var caller : callers) {
        assertThat(caller.get(30, java.util.concurrent.TimeUnit.SECONDS).username())
            .isEqualTo("system:serviceaccount:team-a:app");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(sent).as("TokenReviews made").hasSize(1);
  }

  @Test
  void aFloodOfRejectedTokensDoesNotPushOutAnAcceptedOne() {
    // Before, rejections and acceptances shared one LRU cache: enough random tokens evicted every
    // valid caller's answer, so each of them cost a review again during a flood.
    answer(
        token ->
            token.equals("valid")
                ? authenticated("system:serviceaccount:team-a:app", List.of(AUDIENCE))
                : rejected());
    TokenAuthenticator authenticator = authenticator(AUDIENCE, 10);
    authenticator.authenticate("Bearer valid", SOURCE);

    for (int i = 0; i < 50; i++) {
      String token = "random-" + i;
      assertThatThrownBy(() -> authenticator.authenticate("Bearer " + token, SOURCE))
          .isInstanceOf(ApiError.class);
    }
    int reviews = server.getRequestCount();
    authenticator.authenticate("Bearer valid", SOURCE);

    assertThat(server.getRequestCount()).as("reviews after the flood").isEqualTo(reviews);
  }
}
