package dev.presign.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.presign.testing.OperatorFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An anonymous flood: 5,000 random bearer tokens, 100 at a time, against the real HTTP server,
 * while a valid caller keeps creating uploads. TokenReviews take {@link #REVIEW_DELAY} each (a busy
 * API server), so every review the operator lets through costs it a worker for that long.
 *
 * <p>The valid caller's p50 and p99 must stay within {@link #P50_BOUND} and {@link #P99_BOUND} (its
 * p99 includes the re-reviews of its own token, each {@link #REVIEW_DELAY}): generous bounds for a
 * shared machine, several times what this test measures with the fix (docs/performance.md has the
 * figures), and well under what it measured before it, when each random token took a worker for a
 * whole review and valid requests queued behind them.
 */
class TokenFloodIT {
  private static final String NS = OperatorFixture.NAMESPACE;
  private static final String BODY = "{\"original_file_name\": \"a.txt\", \"file_size\": 5}";
  private static final int FLOOD_TOKENS = 5_000;
  private static final int FLOOD_CONCURRENCY = 100;
  private static final Duration FLOOD_DEADLINE = Duration.ofSeconds(45);
  private static final Duration REVIEW_DELAY = Duration.ofSeconds(1);
  private static final Duration P50_BOUND = Duration.ofSeconds(1);
  private static final Duration P99_BOUND = Duration.ofMillis(3500);

  @ParameterizedTest(name = "reviews per second per source: {0}")
  @CsvSource({
    // The defaults: the flood comes from one address, which soon pays 429s.
    "10",
    // As from many addresses: only the bound on reviews in flight stands in the way.
    "0"
  })
  void aValidCallerIsServedWhileRandomTokensFlood(String perSource) throws Exception {
    try (OperatorFixture fixture =
        OperatorFixture.startWithSettings(
            Map.of(
                "PRESIGN_TOKEN_REVIEWS_PER_SECOND_PER_SOURCE", perSource,
                "PRESIGN_TOKEN_AUDIENCE", "presign-operator",
                // The valid caller's answer expires during the flood, so it is reviewed again
                // while the flood is on.
                "PRESIGN_AUTH_CACHE_SECONDS", "2",
                // The valid caller alone must not meet the per-namespace limits.
                "PRESIGN_REQUESTS_PER_SECOND_PER_NAMESPACE", "0",
                "PRESIGN_MAX_OUTSTANDING_PER_NAMESPACE", "0"))) {
      String app = fixture.auth.tokenForAudience(NS, "app", "presign-operator");
      fixture.auth.allow("system:serviceaccount:" + NS + ":app", "create", NS);
      fixture.auth.setReviewDelay(REVIEW_DELAY);
      ApiClient api = new ApiClient(fixture.apiUrl());
      ApiClient.Reply warm = api.postJson("/api/v1/uploads/", app, BODY);
      assertThat(warm.status()).as(warm.body()).isEqualTo(201);
      long reviewsBefore = fixture.auth.tokenReviews();

      AtomicBoolean flooding = new AtomicBoolean(true);
      List<Long> validNanos = Collections.synchronizedList(new ArrayList<>());
      Map<Integer, Integer> validStatuses = new ConcurrentHashMap<>();
      ExecutorService caller = Executors.newSingleThreadExecutor();
      Flood flood;
      try {
        var valid =
            caller.submit(
                () -> {
                  while (flooding.get()) {
                    long start = System.nanoTime();
                    ApiClient.Reply reply = api.postJson("/api/v1/uploads/", app, BODY);
                    validNanos.add(System.nanoTime() - start);
                    validStatuses.merge(reply.status(), 1, Integer::sum);
                  }
                  return null;
                });
        try {
          flood = flood(fixture.apiUrl());
        } finally {
          flooding.set(false);
        }
        valid.get(60, TimeUnit.SECONDS);
      } finally {
        caller.shutdownNow();
      }

      List<Long> sorted = new ArrayList<>(validNanos);
      Collections.sort(sorted);
      long reviews = fixture.auth.tokenReviews() - reviewsBefore;
      System.out.printf(
          "token flood (per source %s): %d random tokens in %.1f s, answers %s, %d TokenReviews;"
              + " valid caller: %d creates %s, p50 %d ms, p99 %d ms, max %d ms%n",
          perSource,
          flood.sent(),
          flood.seconds(),
          flood.statuses(),
          reviews,
          sorted.size(),
          new TreeMap<>(validStatuses),
          millis(percentile(sorted, 50)),
          millis(percentile(sorted, 99)),
          millis(sorted.get(sorted.size() - 1)));

      SoftAssertions latency = new SoftAssertions();
      latency
          .assertThat(Duration.ofNanos(percentile(sorted, 50)))
          .as("the valid caller's p50 during the flood")
          .isLessThan(P50_BOUND);
      latency
          .assertThat(Duration.ofNanos(percentile(sorted, 99)))
          .as("the valid caller's p99 during the flood")
          .isLessThan(P99_BOUND);
      latency.assertAll();
      assertThat(validStatuses).as("every create of the valid caller").containsOnlyKeys(201);
      assertThat(sorted.size())
          .as("creates by the valid caller during the flood")
          .isGreaterThan(10);
      assertThat(flood.sent()).as("random tokens sent").isEqualTo(FLOOD_TOKENS);
      assertThat(flood.statuses().keySet())
          .as("a random token is refused (401), or turned away before a review (429, 503)")
          .isSubsetOf(401, 429, 503);
    }
  }

  private record Flood(int sent, double seconds, Map<Integer, Integer> statuses) {}

  /** Sends the random tokens, at most {@link #FLOOD_CONCURRENCY} at once, until the deadline. */
  private static Flood flood(String apiUrl) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(pool)
            .build();
    Semaphore inFlight = new Semaphore(FLOOD_CONCURRENCY);
    Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
    AtomicInteger sent = new AtomicInteger();
    List<CompletableFuture<?>> answers = new ArrayList<>();
    long start = System.nanoTime();
    long deadline = start + FLOOD_DEADLINE.toNanos();
    try {
      for (int i = 0; i < FLOOD_TOKENS && System.nanoTime() < deadline; i++) {
        if (!inFlight.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
          break;
        }
        HttpRequest request =
            HttpRequest.newBuilder(URI.create(apiUrl + "/api/v1/uploads/"))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + UUID.randomUUID() + UUID.randomUUID())
                .POST(HttpRequest.BodyPublishers.ofString(BODY))
                .build();
        sent.incrementAndGet();
        answers.add(
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .whenComplete(
                    (response, error) -> {
                      inFlight.release();
                      statuses.merge(
                          response == null ? -1 : response.statusCode(), 1, Integer::sum);
                    }));
      }
      CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
          .exceptionally(e -> null)
          .get(30, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    return new Flood(sent.get(), (System.nanoTime() - start) / 1e9, new TreeMap<>(statuses));
  }

  private static long percentile(List<Long> sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }
}
