package dev.presign.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.presign.api.v1alpha1.ConditionTypes;
import dev.presign.api.v1alpha1.UploadClass;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.testing.Await;
import dev.presign.testing.OperatorFixture;
import io.fabric8.mockwebserver.http.MockResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Overload on the real HTTP server, with the operator on the mock API server and S3Proxy: past
 * PRESIGN_MAX_CREATES_IN_FLIGHT a create is answered 503 with Retry-After while the admitted ones
 * still wait, nothing reaches the API server for it, and creates are admitted again once the held
 * ones are answered; and a create the API server itself refuses with 429 is answered 503 with
 * Retry-After without a lookup of whether it landed. Ordering and state are asserted, never time.
 */
class OverloadIT {
  private static final String NS = OperatorFixture.NAMESPACE;
  private static final String APP = "system:serviceaccount:" + NS + ":app";
  private static final String HELD_CLASS = "held";
  private static final String HELD_BUCKET = "held-bucket";

  /** Where the API server records creates of UploadRequests in team-a. */
  private static final String CREATES = "namespaces/" + NS + "/uploadrequests";

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static String body(String file) {
    return "{\"original_file_name\": \""
        + file
        + "\", \"file_size\": 5, \"upload_class\": \""
        + HELD_CLASS
        + "\"}";
  }

  private static OperatorFixture start(String limit, String issueTimeoutSeconds) throws Exception {
    OperatorFixture fixture =
        OperatorFixture.startWithSettings(
            Map.of(
                "PRESIGN_MAX_CREATES_IN_FLIGHT",
                limit,
                "PRESIGN_ISSUE_TIMEOUT_SECONDS",
                issueTimeoutSeconds,
                // All the load comes from one namespace: only the bound under test may refuse.
                "PRESIGN_REQUESTS_PER_SECOND_PER_NAMESPACE",
                "0",
                "PRESIGN_MAX_OUTSTANDING_PER_NAMESPACE",
                "0"));
    fixture.auth.allow(APP, "create", NS);
    fixture.auth.allow(APP, "get", NS);
    return fixture;
  }

  /**
   * A class whose bucket does not exist yet: it is not Ready, so its requests stay Pending and
   * their creates wait, holding their slots, until the bucket is made.
   */
  private static void heldClass(OperatorFixture fixture) throws Exception {
    UploadClass held = fixture.exampleClass();
    held.getMetadata().setName(HELD_CLASS);
    held.getMetadata().setAnnotations(null);
    held.getSpec().setBucket(HELD_BUCKET);
    fixture.client().resource(held).create();
    Await.until(
        "class " + HELD_CLASS + " not Ready",
        Duration.ofSeconds(60),
        () -> fixture.client().resources(UploadClass.class).withName(HELD_CLASS).get(),
        c ->
            c.getStatus() != null
                && c.getStatus()
                    .findCondition(ConditionTypes.READY)
                    .map(r -> "False".equals(r.getStatus()))
                    .orElse(false));
  }

  private static List<UploadRequest> heldRequests(OperatorFixture fixture) {
    return fixture
        .client()
        .resources(UploadRequest.class)
        .inNamespace(NS)
        .list()
        .getItems()
        .stream()
        .filter(r -> HELD_CLASS.equals(r.getSpec().getUploadClassName()))
        .toList();
  }

  /**
   * The sum of the samples of {@code name} in {@code /metrics} whose labels include every one of
   * {@code labels} (such as {@code route="create"}); NaN when there is none.
   */
  private static double metric(OperatorFixture fixture, String name, String... labels)
      throws Exception {
    String scrape =
        HTTP.send(
                HttpRequest.newBuilder(URI.create(fixture.apiUrl() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Matcher sample =
        Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)$").matcher(scrape);
    double sum = Double.NaN;
    while (sample.find()) {
      String labelSet = sample.group(1) == null ? "" : sample.group(1);
      if (java.util.Arrays.stream(labels).allMatch(labelSet::contains)) {
        sum = (Double.isNaN(sum) ? 0 : sum) + Double.parseDouble(sample.group(2));
      }
    }
    return sum;
  }

  /**
   * One request that reviews the token, so the caller's creates use the lane of known callers (a
   * GET of an id that does not exist: 404 once authenticated).
   */
  private static void knownToThisReplica(ApiClient api, String token) throws Exception {
    ApiClient.Reply reply = api.get("/api/v1/uploads/00000000-0000-0000-0000-000000000000", token);
    assertThat(reply.status()).as(reply.body()).isEqualTo(404);
  }

  private static void assertAtCapacity(ApiClient.Reply reply) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(503);
    assertThat(reply.raw().headers().firstValue("Retry-After")).hasValue("1");
    assertThat(reply.raw().headers().firstValue("Content-Type")).hasValue("application/json");
  }

  @Test
  void pastTheLimitACreateIs503AtOnceWhileTheAdmittedWaitAndCreatesAreAdmittedAgainAfter()
      throws Exception {
    ExecutorService callers = Executors.newFixedThreadPool(2);
    try (OperatorFixture fixture = start("2", "120")) {
      heldClass(fixture);
      ApiClient api = new ApiClient(fixture.apiUrl());
      String token = fixture.auth.serviceAccountToken(NS, "app");
      knownToThisReplica(api, token);

      // Refusals release their slot: more refused creates than slots, and a slot is still free.
      for (int i = 0; i < 3; i++) {
        ApiClient.Reply refused = api.postJson("/api/v1/uploads/", "not-a-token", body("x.txt"));
        assertThat(refused.status()).as(refused.body()).isEqualTo(401);
      }
      assertThat(metric(fixture, "presign_http_creates_in_flight")).isZero();

      // Two creates are admitted; their class is not Ready, so both wait to be issued.
      Future<ApiClient.Reply> first =
          callers.submit(() -> api.postJson("/api/v1/uploads/", token, body("first.txt")));
      Future<ApiClient.Reply> second =
          callers.submit(() -> api.postJson("/api/v1/uploads/", token, body("second.txt")));
      Await.until(
          "both creates recorded and in flight",
          Duration.ofSeconds(30),
          () -> {
            try {
              return heldRequests(fixture).size() == 2
                  && metric(fixture, "presign_http_creates_in_flight") == 2.0;
            } catch (Exception e) {
              throw new AssertionError(e);
            }
          },
          Boolean::booleanValue);
      long createsBefore = fixture.cluster.count("POST", CREATES);
      long reviewsBefore = fixture.cluster.count("POST", "tokenreviews");

      // A third, by either way in, is refused at once: nothing is asked of the API server.
      long thirdStart = System.nanoTime();
      ApiClient.Reply third = api.postJson("/api/v1/uploads/", token, body("third.txt"));
      long thirdMillis = (System.nanoTime() - thirdStart) / 1_000_000;
      assertAtCapacity(third);
      assertThat(third.json().get("detail").asText())
          .contains("at capacity")
          .contains("PRESIGN_MAX_CREATES_IN_FLIGHT")
          .contains("try again");
      ApiClient.Reply companion =
          api.get(
              "/api/v1/companion/classes/"
                  + HELD_CLASS
                  + "/s3/params?filename=third.txt&metadata%5Bsize%5D=5",
              token);
      assertAtCapacity(companion);
      assertThat(companion.json().get("error").asText()).isEqualTo("unavailable");
      assertThat(companion.json().get("message").asText()).contains("at capacity");
      assertThat(fixture.cluster.count("POST", CREATES)).isEqualTo(createsBefore);
      assertThat(fixture.cluster.count("POST", "tokenreviews")).isEqualTo(reviewsBefore);
      assertThat(heldRequests(fixture)).hasSize(2);

      // ... while the two admitted ones were still waiting.
      assertThat(first.isDone()).as("first create still waiting").isFalse();
      assertThat(second.isDone()).as("second create still waiting").isFalse();
      assertThat(
              metric(
                  fixture,
                  "presign_http_overload_refusals_total",
                  "route=\"create\"",
                  "caller=\"known\""))
          .isEqualTo(1.0);
      assertThat(
              metric(
                  fixture,
                  "presign_http_overload_refusals_total",
                  "route=\"companion-params\"",
                  "caller=\"known\""))
          .isEqualTo(1.0);

      // A figure for docs/operations.md, not an assertion.
      System.out.printf(
          "FIGURE overload: limit 2, 2 creates waiting, third answered %d in %d ms (Retry-After"
              + " %s)%n",
          third.status(), thirdMillis, third.raw().headers().firstValue("Retry-After").orElse("-"));

      // The bucket appears, the class turns Ready, the held creates are issued and answered.
      fixture.s3.createBucket(HELD_BUCKET);
      for (Future<ApiClient.Reply> held : List.of(first, second)) {
        ApiClient.Reply reply = held.get(60, TimeUnit.SECONDS);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
      }

      // Recovered by itself: both slots are free (released once each) and creates are admitted.
      assertThat(metric(fixture, "presign_http_creates_in_flight")).isZero();
      for (String file : List.of("after-1.txt", "after-2.txt", "after-3.txt")) {
        ApiClient.Reply after = api.postJson("/api/v1/uploads/", token, body(file));
        assertThat(after.status()).as(after.body()).isEqualTo(201);
      }
      assertThat(metric(fixture, "presign_http_creates_in_flight")).isZero();
    } finally {
      callers.shutdownNow();
      assertThat(callers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void aCreateThatTimesOutWaitingFreesItsSlot() throws Exception {
    try (OperatorFixture fixture = start("1", "1")) {
      heldClass(fixture);
      ApiClient api = new ApiClient(fixture.apiUrl());
      String token = fixture.auth.serviceAccountToken(NS, "app");
      knownToThisReplica(api, token);
      // With one slot, each create can only be admitted if the one before gave its slot back
      // when it ran out of time.
      for (String file : List.of("late-1.txt", "late-2.txt", "late-3.txt")) {
        ApiClient.Reply late = api.postJson("/api/v1/uploads/", token, body(file));
        assertThat(late.status()).as(late.body()).isEqualTo(503);
        assertThat(late.json().get("detail").asText()).contains("not signed within 1s");
        assertThat(late.json().has("id")).isTrue();
      }
      assertThat(heldRequests(fixture)).hasSize(3);
      assertThat(metric(fixture, "presign_http_overload_refusals_total")).isZero();
      assertThat(metric(fixture, "presign_http_creates_in_flight")).isZero();
    }
  }

  @Test
  void aCreateTheApiServerRefusesWith429IsA503WithRetryAfterAndNoLookup() throws Exception {
    try (OperatorFixture fixture = start("2", "120")) {
      ApiClient api = new ApiClient(fixture.apiUrl());
      String token = fixture.auth.serviceAccountToken(NS, "app");
      String defaultClassBody = "{\"original_file_name\": \"busy.txt\", \"file_size\": 5}";
      // As kube-apiserver's max-in-flight and priority-and-fairness filters answer: plain text.
      AtomicBoolean overloaded = new AtomicBoolean(false);
      fixture.cluster.intercept(
          request ->
              overloaded.get()
                      && "POST".equals(request.getMethod())
                      && request.getPath().contains(CREATES)
                  ? new MockResponse()
                      .setResponseCode(429)
                      .setHeader("Retry-After", "1")
                      .setBody("Too many requests, please try again later.\n")
                  : null);
      // Once well, so the caller's token is reviewed and cached before the API server is busy.
      ApiClient.Reply before = api.postJson("/api/v1/uploads/", token, defaultClassBody);
      assertThat(before.status()).as(before.body()).isEqualTo(201);
      overloaded.set(true);
      long createsBefore = fixture.cluster.count("POST", CREATES);
      long lookupsBefore = fixture.cluster.count("GET", CREATES + "/");

      long start = System.nanoTime();
      ApiClient.Reply refused = api.postJson("/api/v1/uploads/", token, defaultClassBody);
      long millis = (System.nanoTime() - start) / 1_000_000;
      System.out.printf(
          "FIGURE API server 429 on create: answered %d in %d ms (Retry-After %s)%n",
          refused.status(), millis, refused.raw().headers().firstValue("Retry-After").orElse("-"));

      assertThat(refused.status()).as(refused.body()).isEqualTo(503);
      // fabric8's one retry of the fail-fast client (after the API server's Retry-After), and no
      // GET of the name to see whether a create landed: a 429 is refused before it is handled.
      assertThat(fixture.cluster.count("POST", CREATES) - createsBefore).isEqualTo(2);
      assertThat(fixture.cluster.count("GET", CREATES + "/")).isEqualTo(lookupsBefore);
      assertThat(refused.raw().headers().firstValue("Retry-After")).hasValue("1");
      assertThat(refused.json().get("detail").asText())
          .contains("API server is overloaded")
          .contains("try again");
      assertThat(metric(fixture, "presign_http_creates_in_flight")).isZero();

      overloaded.set(false);
      ApiClient.Reply created = api.postJson("/api/v1/uploads/", token, defaultClassBody);
      assertThat(created.status()).as(created.body()).isEqualTo(201);
    }
  }
}
