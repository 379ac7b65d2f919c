package dev.presign.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * {@code POST /api/v1/uploads/} at a fixed rate for a fixed count, each to the replica the supplier
 * names at send time (as a Service would pick an endpoint), without waiting for earlier answers.
 * Every attempt ends as an {@link Answer}: a status and body, or the I/O error.
 */
final class UploadLoad implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One request: where it went, what came back (status 0 and the error when nothing did). */
  record Answer(String replica, int status, String body, String error) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (Exception e) {
        throw new AssertionError("not JSON (" + status + " from " + replica + "): " + body, e);
      }
    }
  }

  /** A replica as the load sees it: a name and the base URL of its API. */
  record Target(String name, String url) {}

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
  private final List<CompletableFuture<Answer>> answers = new CopyOnWriteArrayList<>();
  private final AtomicInteger sent = new AtomicInteger();
  private final String token;

  UploadLoad(String token) {
    this.token = token;
  }

  /** Starts sending {@code count} requests, one every {@code period}. */
  void start(int count, Duration period, Supplier<Target> target) {
    ticker.scheduleAtFixedRate(
        () -> {
          int n = sent.getAndIncrement();
          if (n >= count) {
            ticker.shutdown();
            return;
          }
          answers.add(send(target.get(), n));
        },
        0,
        period.toNanos(),
        TimeUnit.NANOSECONDS);
  }

  private CompletableFuture<Answer> send(Target target, int n) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(target.url() + "/api/v1/uploads/"))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"original_file_name\": \"load-" + n + ".pdf\", \"file_size\": \"77000\"}"))
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenApply(r -> new Answer(target.name(), r.statusCode(), r.body(), null))
        .exceptionally(e -> new Answer(target.name(), 0, null, String.valueOf(e)));
  }

  /** Waits until every request was sent and answered (or failed), at most {@code timeout}. */
  List<Answer> await(int count, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (answers.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    List<Answer> done = new java.util.ArrayList<>();
    for (CompletableFuture<Answer> answer : answers) {
      long left = Math.max(1, deadline - System.nanoTime());
      done.add(answer.get(left, TimeUnit.NANOSECONDS));
    }
    return done;
  }

  @Override
  public void close() {
    ticker.shutdownNow();
  }
}
