package dev.presign.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * A small HTTP load generator. Fixed rate is open-loop: requests start on a schedule whatever the
 * server does, and latency counts from the scheduled start (no coordinated omission). Saturation is
 * closed-loop: N clients send back to back. Bounded in count and time.
 */
final class LoadGenerator {
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .version(HttpClient.Version.HTTP_1_1)
          .build();

  LoadResult fixedRate(
      String name,
      Supplier<HttpRequest> request,
      int expectedStatus,
      int perSecond,
      Duration duration)
      throws InterruptedException {
    int total = (int) (perSecond * duration.toMillis() / 1000);
    AtomicLongArray latencies = new AtomicLongArray(total);
    AtomicInteger done = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    CountDownLatch finished = new CountDownLatch(total);
    long start = System.nanoTime();
    onSchedule(
        total,
        perSecond,
        (i, scheduled) ->
            send(request.get(), expectedStatus, scheduled, latencies, done, errors, finished));
    boolean completed = finished.await(60, TimeUnit.SECONDS);
    double seconds = (System.nanoTime() - start) / 1e9;
    return result(
        name,
        latencies,
        done.get(),
        errors.get() + (completed ? 0 : (int) finished.getCount()),
        seconds);
  }

  /**
   * Open-loop like {@link #fixedRate}, keeping every answer (status, body, latency from the
   * scheduled start) for the caller to check; a request that fails without an answer (timeout,
   * connection refused) is kept with status 0 and the exception's message as its body.
   */
  List<Answer> fixedRateAnswers(
      IntFunction<HttpRequest> request, int perSecond, int total, Duration drainTimeout)
      throws InterruptedException {
    return fixedRateExchanges(i -> send(request.apply(i)), perSecond, total, drainTimeout);
  }

  /**
   * As {@link #fixedRateAnswers}, where one scheduled unit is any exchange (several requests in a
   * row, say); its answer is the last response.
   */
  List<Answer> fixedRateExchanges(
      IntFunction<CompletableFuture<HttpResponse<String>>> exchange,
      int perSecond,
      int total,
      Duration drainTimeout)
      throws InterruptedException {
    AtomicReferenceArray<Answer> answers = new AtomicReferenceArray<>(total);
    CountDownLatch finished = new CountDownLatch(total);
    onSchedule(
        total,
        perSecond,
        (i, scheduled) ->
            exchange
                .apply(i)
                .whenComplete(
                    (response, error) -> {
                      long latency = System.nanoTime() - scheduled;
                      answers.set(
                          i,
                          error != null
                              ? new Answer(i, 0, String.valueOf(error), latency)
                              : new Answer(i, response.statusCode(), response.body(), latency));
                      finished.countDown();
                    }));
    finished.await(drainTimeout.toMillis(), TimeUnit.MILLISECONDS);
    List<Answer> list = new ArrayList<>(total);
    for (int i = 0; i < total; i++) {
      Answer answer = answers.get(i);
      list.add(answer != null ? answer : new Answer(i, 0, "no answer in time", -1));
    }
    return list;
  }

  CompletableFuture<HttpResponse<String>> send(HttpRequest request) {
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }

  /** One request's outcome; status 0 when there was no HTTP answer. */
  record Answer(int index, int status, String body, long latencyNanos) {}

  private interface ScheduledSend {
    void send(int index, long scheduledNanos);
  }

  /** Calls {@code send} {@code total} times, one every 1/perSecond s, whatever the server does. */
  private static void onSchedule(int total, int perSecond, ScheduledSend send)
      throws InterruptedException {
    long intervalNanos = 1_000_000_000L / perSecond;
    long start = System.nanoTime();
    for (int i = 0; i < total; i++) {
      long scheduled = start + i * intervalNanos;
      long wait = scheduled - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      send.send(i, scheduled);
    }
  }

  LoadResult saturation(
      String name,
      Supplier<HttpRequest> request,
      int expectedStatus,
      int clients,
      Duration duration)
      throws InterruptedException {
    int capacity = 2_000_000;
    AtomicLongArray latencies = new AtomicLongArray(capacity);
    AtomicInteger done = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    long end = System.nanoTime() + duration.toNanos();
    long start = System.nanoTime();
    Thread[] workers = new Thread[clients];
    for (int c = 0; c < clients; c++) {
      workers[c] =
          new Thread(
              () -> {
                while (System.nanoTime() < end) {
                  long t0 = System.nanoTime();
                  try {
                    HttpResponse<String> response =
                        http.send(request.get(), HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != expectedStatus) {
                      errors.incrementAndGet();
                    }
                  } catch (Exception e) {
                    errors.incrementAndGet();
                  }
                  int slot = done.getAndIncrement();
                  if (slot < capacity) {
                    latencies.set(slot, System.nanoTime() - t0);
                  }
                }
              });
      workers[c].start();
    }
    for (Thread worker : workers) {
      worker.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return result(name, latencies, Math.min(done.get(), capacity), errors.get(), seconds);
  }

  private void send(
      HttpRequest request,
      int expectedStatus,
      long scheduled,
      AtomicLongArray latencies,
      AtomicInteger done,
      AtomicInteger errors,
      CountDownLatch finished) {
    CompletableFuture<HttpResponse<Void>> response =
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
    response.whenComplete(
        (r, e) -> {
          if (e != null || r.statusCode() != expectedStatus) {
            errors.incrementAndGet();
          }
          latencies.set(done.getAndIncrement(), System.nanoTime() - scheduled);
          finished.countDown();
        });
  }

  private static LoadResult result(
      String name, AtomicLongArray latencies, int count, int errors, double seconds) {
    long[] values = new long[count];
    for (int i = 0; i < count; i++) {
      values[i] = latencies.get(i);
    }
    return new LoadResult(name, values, errors, seconds);
  }
}
