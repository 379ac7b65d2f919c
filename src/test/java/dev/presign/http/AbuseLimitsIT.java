package dev.presign.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.testing.Await;
import dev.presign.testing.MultipartForm;
import dev.presign.testing.OperatorFixture;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The abuse limits on the real HTTP server, with the operator on the mock API server and S3Proxy:
 * 429 + Retry-After + a JSON detail over each limit, recovery, namespaces kept apart, and 0 meaning
 * unlimited. Each test starts its own operator with the settings it is about.
 */
class AbuseLimitsIT {
  private static final String NS = OperatorFixture.NAMESPACE;
  private static final String OTHER = "team-b";
  private static final String BODY = "{\"original_file_name\": \"a.txt\", \"file_size\": 5}";

  /** Where the API server records creates of UploadRequests in team-a. */
  private static final String CREATES = "namespaces/" + NS + "/uploadrequests";

  private record Callers(ApiClient api, String app, String other) {}

  /** app in team-a and app in team-b, each with create and get in its own namespace. */
  private static Callers callers(OperatorFixture fixture) {
    fixture.cluster.createNamespace(OTHER);
    String app = fixture.auth.serviceAccountToken(NS, "app");
    String other = fixture.auth.serviceAccountToken(OTHER, "app");
    for (String ns : List.of(NS, OTHER)) {
      for (String verb : List.of("create", "get")) {
        fixture.auth.allow("system:serviceaccount:" + ns + ":app", verb, ns);
      }
    }
    return new Callers(new ApiClient(fixture.apiUrl()), app, other);
  }

  private static void assertThrottled(ApiClient.Reply reply, String setting) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(429);
    assertThat(reply.raw().headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(reply.json().get("detail").asText()).contains(setting).contains(NS);
    String retryAfter = reply.raw().headers().firstValue("Retry-After").orElseThrow();
    assertThat(Integer.parseInt(retryAfter)).isPositive();
  }

  @Test
  void overTheRateIs429WithRetryAfterUntilTheBucketRefills() throws Exception {
    try (OperatorFixture fixture =
        OperatorFixture.startWithSettings(
            Map.of(
                "PRESIGN_REQUESTS_PER_SECOND_PER_NAMESPACE", "2",
                "PRESIGN_REQUEST_BURST_PER_NAMESPACE", "3",
                "PRESIGN_MAX_OUTSTANDING_PER_NAMESPACE", "0"))) {
      Callers c = callers(fixture);
      ApiClient.Reply created = c.api().postJson("/api/v1/uploads/", c.app(), BODY);
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      String id = created.json().get("id").asText();

      // GETs are answered from memory in a few ms, so 20 of them outrun a rate of 2 per second:
      // of the 2 tokens left, plus what refills meanwhile, most must be refused.
      long start = System.nanoTime();
      int ok = 0;
      ApiClient.Reply throttled = null;
      for (int i = 0; i < 20; i++) {
        ApiClient.Reply reply = c.api().get("/api/v1/uploads/" + id, c.app());
        if (reply.status() == 200) {
          ok++;
        } else {
          throttled = reply;
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      assertThat(throttled).as("a 429 among 20 GETs in %.2f s", seconds).isNotNull();
      assertThrottled(throttled, "PRESIGN_REQUESTS_PER_SECOND_PER_NAMESPACE");
      assertThat(throttled.json().get("detail").asText())
          .contains("2 requests per second")
          .contains("bursts of up to 3");
      assertThat(ok).isLessThanOrEqualTo(2 + (int) Math.ceil(seconds * 2) + 1);

      // Over the rate, a create is refused before it reaches the API server; complete and
      // download-url share the namespace's budget.
      long[] createsBefore = new long[1];
      ApiClient.Reply refusedCreate =
          throttledAfterDraining(
              c,
              id,
              () -> {
                createsBefore[0] = fixture.cluster.count("POST", CREATES);
                return c.api().postJson("/api/v1/uploads/", c.app(), BODY);
              });
      assertThrottled(refusedCreate, "PRESIGN_REQUESTS_PER_SECOND_PER_NAMESPACE");
      assertThat(fixture.cluster.count("POST", CREATES)).isEqualTo(createsBefore[0]);
      assertThrottled(
          throttledAfterDraining(
              c, id, () -> c.api().post("/api/v1/uploads/" + id + "/complete", c.app(), null, "")),
          "PRESIGN_REQUESTS_PER_SECOND_PER_NAMESPACE");
      assertThrottled(
          throttledAfterDraining(
              c, id, () -> c.api().get("/api/v1/uploads/" + id + "/download-url", c.app())),
          "PRESIGN_REQUESTS_PER_SECOND_PER_NAMESPACE");

      // Another namespace has a budget of its own.
      ApiClient.Reply theirs = c.api().postJson("/api/v1/uploads/", c.other(), BODY);
      assertThat(theirs.status()).as(theirs.body()).isEqualTo(201);

      // Waiting as long as Retry-After says is enough.
      // (Drained first: the other namespace's create above may take long enough, on a busy
      // machine, for a token to refill.)
      ApiClient.Reply last =
          throttledAfterDraining(c, id, () -> c.api().get("/api/v1/uploads/" + id, c.app()));
      assertThat(last.status()).isEqualTo(429);
      int retryAfter = Integer.parseInt(last.raw().headers().firstValue("Retry-After").get());
      assertThat(retryAfter).isBetween(1, 2);
      Thread.sleep(retryAfter * 1000L);
      ApiClient.Reply again = c.api().get("/api/v1/uploads/" + id, c.app());
      assertThat(again.status()).as(again.body()).isEqualTo(200);
    }
  }

  @Test
  void aCreateStormGetsTheBurstAndNoRefusedRequestReachesTheApiServer() throws Exception {
    try (OperatorFixture fixture =
        OperatorFixture.startWithSettings(
            Map.of(
                "PRESIGN_REQUESTS_PER_SECOND_PER_NAMESPACE", "5",
                "PRESIGN_REQUEST_BURST_PER_NAMESPACE", "10",
                "PRESIGN_MAX_OUTSTANDING_PER_NAMESPACE", "0"))) {
      Callers c = callers(fixture);
      int tried = 60;
      long createsBefore = fixture.cluster.count("POST", CREATES);
      ExecutorService pool = Executors.newFixedThreadPool(12);
      List<Future<Integer>> answers = new ArrayList<>();
      long start = System.nanoTime();
      try {
        for (int i = 0; i < tried; i++) {
          answers.add(
              pool.submit(() -> c.api().postJson("/api/v1/uploads/", c.app(), BODY).status()));
        }
        int created = 0;
        int throttled = 0;
        for (Future<Integer> answer : answers) {
          int status = answer.get(60, TimeUnit.SECONDS);
          if (status == 201) {
            created++;
          } else if (status == 429) {
            throttled++;
          } else {
            throw new AssertionError("unexpected status " + status);
          }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long reachedApiServer = fixture.cluster.count("POST", CREATES) - createsBefore;
        System.out.printf(
            "abuse limits: %d creates in %.2f s with rate 5/s burst 10: %d created, %d throttled"
                + " (429), %d creates reached the API server%n",
            tried, seconds, created, throttled, reachedApiServer);
        assertThat(created + throttled).isEqualTo(tried);
        assertThat(created).isGreaterThanOrEqualTo(10);
        assertThat(created).isLessThanOrEqualTo(10 + (int) Math.ceil(seconds * 5));
        assertThat(throttled).isPositive();
        assertThat(reachedApiServer).as("only the accepted creates").isEqualTo(created);
      } finally {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
      }
    }
  }

  @Test
  void overTheOutstandingLimitIs429UntilAnUploadFinishesOrIsDeleted() throws Exception {
    try (OperatorFixture fixture =
        OperatorFixture.startWithSettings(
            Map.of(
                "PRESIGN_MAX_OUTSTANDING_PER_NAMESPACE", "3",
                "PRESIGN_REQUESTS_PER_SECOND_PER_NAMESPACE", "0"))) {
      Callers c = callers(fixture);
      List<JsonNode> uploads = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        ApiClient.Reply reply = c.api().postJson("/api/v1/uploads/", c.app(), BODY);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        uploads.add(reply.json());
      }
      // The third create's add event may still be on its way to the index: wait for the 429.
      ApiClient.Reply refused = awaitStatus(c, 429);
      assertThrottled(refused, "PRESIGN_MAX_OUTSTANDING_PER_NAMESPACE");
      assertThat(refused.json().get("detail").asText())
          .contains("has 3 unfinished uploads")
          .contains("the most allowed is 3");
      assertThat(refused.raw().headers().firstValue("Retry-After"))
          .hasValue(Integer.toString(AbuseLimits.COUNT_RETRY_AFTER_SECONDS));
      long createsBefore = fixture.cluster.count("POST", CREATES);
      assertThat(c.api().postJson("/api/v1/uploads/", c.app(), BODY).status()).isEqualTo(429);
      assertThat(fixture.cluster.count("POST", CREATES)).isEqualTo(createsBefore);

      // team-b is not affected by team-a's count.
      assertThat(c.api().postJson("/api/v1/uploads/", c.other(), BODY).status()).isEqualTo(201);

      // Upload the first one and /complete it: Uploaded is finished, so there is room again.
      JsonNode first = uploads.get(0);
      Map<String, String> fields =
          new ObjectMapper()
              .convertValue(
                  first.get("presigned_post_data").get("fields"), new TypeReference<>() {});
      assertThat(
              new MultipartForm()
                  .fields(fields)
                  .file("a.txt", "text/plain", "hello".getBytes(StandardCharsets.US_ASCII))
                  .postTo(first.get("presigned_post_data").get("url").asText())
                  .statusCode())
          .isBetween(200, 299);
      ApiClient.Reply completed =
          c.api()
              .post("/api/v1/uploads/" + first.get("id").asText() + "/complete", c.app(), null, "");
      assertThat(completed.status()).as(completed.body()).isEqualTo(200);
      awaitStatus(c, 201);
      assertThat(c.api().postJson("/api/v1/uploads/", c.app(), BODY).status()).isEqualTo(429);

      // Deleting an unfinished one makes room too.
      fixture
          .client()
          .resources(UploadRequest.class)
          .inNamespace(NS)
          .withName(uploads.get(1).get("name").asText())
          .delete();
      awaitStatus(c, 201);
    }
  }

  @Test
  void zeroMeansUnlimitedAndAResourceQuotaRefusalIs429() throws Exception {
    try (OperatorFixture fixture =
        OperatorFixture.startWithSettings(
            Map.of(
                "PRESIGN_MAX_OUTSTANDING_PER_NAMESPACE", "0",
                "PRESIGN_REQUESTS_PER_SECOND_PER_NAMESPACE", "0"))) {
      Callers c = callers(fixture);
      ApiClient.Reply created = c.api().postJson("/api/v1/uploads/", c.app(), BODY);
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      String id = created.json().get("id").asText();
      // Three times the default burst, as fast as one client goes.
      for (int i = 0; i < 300; i++) {
        ApiClient.Reply reply = c.api().get("/api/v1/uploads/" + id, c.app());
        assertThat(reply.status()).as("GET %d: %s", i, reply.body()).isEqualTo(200);
      }

      // The API server's ResourceQuota admission refuses with 403 "exceeded quota".
      Status quota =
          new StatusBuilder()
              .withStatus("Failure")
              .withCode(403)
              .withReason("Forbidden")
              .withMessage(
                  "uploadrequests.uploads.presign.dev \"upload-abcde\" is forbidden: exceeded"
                      + " quota: uploads, requested: count/uploadrequests.uploads.presign.dev=1,"
                      + " used: count/uploadrequests.uploads.presign.dev=2, limited:"
                      + " count/uploadrequests.uploads.presign.dev=2")
              .build();
      fixture.cluster.intercept(
          request ->
              "POST".equals(request.getMethod()) && request.getPath().contains(CREATES)
                  ? new MockResponse().setResponseCode(403).setBody(Serialization.asJson(quota))
                  : null);
      ApiClient.Reply refused = c.api().postJson("/api/v1/uploads/", c.app(), BODY);
      assertThat(refused.status()).as(refused.body()).isEqualTo(429);
      assertThat(refused.raw().headers().firstValue("Retry-After"))
          .hasValue(Integer.toString(AbuseLimits.COUNT_RETRY_AFTER_SECONDS));
      assertThat(refused.json().get("detail").asText())
          .contains("ResourceQuota in namespace " + NS)
          .contains(
              "exceeded quota: uploads, requested: count/uploadrequests.uploads.presign.dev=1");
    }
  }

  private interface Call {
    ApiClient.Reply send() throws Exception;
  }

  /**
   * Empties team-a's bucket with GETs, then makes the call. At 2 per second a token can still
   * arrive in between on a slow machine, so it tries a few times; a route that is not limited at
   * all never answers 429 and fails.
   */
  private static ApiClient.Reply throttledAfterDraining(Callers c, String id, Call call)
      throws Exception {
    ApiClient.Reply reply = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      for (int i = 0; i < 50; i++) {
        if (c.api().get("/api/v1/uploads/" + id, c.app()).status() == 429) {
          break;
        }
      }
      reply = call.send();
      if (reply.status() == 429) {
        return reply;
      }
    }
    throw new AssertionError("never throttled; last answer " + reply.status() + " " + reply.body());
  }

  /** Creates in team-a until one gets {@code status} (the index may lag a few ms). */
  private static ApiClient.Reply awaitStatus(Callers c, int status) {
    return Await.until(
        "a create answered " + status,
        Duration.ofSeconds(10),
        () -> {
          try {
            return c.api().postJson("/api/v1/uploads/", c.app(), BODY);
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        },
        reply -> reply.status() == status);
  }
}
