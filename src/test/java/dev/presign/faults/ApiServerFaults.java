package dev.presign.faults;

import dev.presign.testing.MockCluster;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Faults of the API server for UploadRequest writes, injected in front of the mock's CRUD store:
 * the first {@code times} matching requests per object fail in the chosen way, later ones pass.
 */
final class ApiServerFaults implements AutoCloseable {
  private static final Pattern STATUS_PATCH =
      Pattern.compile(
          "/apis/uploads\\.presign\\.dev/v1alpha1/namespaces/[^/]+/uploadrequests/([^/?]+)/status.*");
  private static final Pattern CREATE =
      Pattern.compile(
          "/apis/uploads\\.presign\\.dev/v1alpha1/namespaces/([^/?]+)/uploadrequests(\\?.*)?");

  /** How a faulted request fails. */
  enum Kind {
    /** 500, nothing written. */
    ERROR_500,
    /** 409 Conflict, nothing written. */
    CONFLICT_409,
    /** Written, then answered 500: the caller cannot know it landed. */
    APPLIED_THEN_500,
    /** Written, then the answer takes longer than the client waits. */
    APPLIED_THEN_TIMEOUT,
    /** Not written now but a few seconds later (a commit after the client gave up); 504 now. */
    APPLIED_LATE,
    /** The answer takes longer than the client waits, nothing written. */
    TIMEOUT
  }

  private final MockCluster cluster;
  private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
  private final AtomicInteger faulted = new AtomicInteger();
  private final AtomicInteger lateWritesPending = new AtomicInteger();
  private final ScheduledExecutorService late = Executors.newSingleThreadScheduledExecutor();
  private final Duration clientTimeout;
  private final List<Function<RecordedRequest, MockResponse>> installed = new ArrayList<>();

  ApiServerFaults(MockCluster cluster, Duration clientTimeout) {
    this.cluster = cluster;
    this.clientTimeout = clientTimeout;
  }

  /** Fails the first {@code times} status writes of every UploadRequest. */
  void onStatusPatch(Kind kind, int times) {
    install(
        request -> {
          if (!"PATCH".equals(request.getMethod()) && !"PUT".equals(request.getMethod())) {
            return null;
          }
          Matcher m = STATUS_PATCH.matcher(request.getPath());
          return m.matches() ? fault(kind, times, "status " + m.group(1), request) : null;
        });
  }

  /** Fails the first {@code times} creates of UploadRequests in all namespaces. */
  void onCreate(Kind kind, int times) {
    install(
        request ->
            "POST".equals(request.getMethod()) && CREATE.matcher(request.getPath()).matches()
                ? fault(kind, times, "create", request)
                : null);
  }

  private void install(Function<RecordedRequest, MockResponse> interceptor) {
    installed.add(interceptor);
    cluster.intercept(interceptor);
  }

  /** How many requests were failed so far (a fault that never fired proves nothing). */
  int faulted() {
    return faulted.get();
  }

  /** Waits (bounded) until every late write has reached the store. */
  void awaitLateWrites() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (lateWritesPending.get() > 0) {
      if (System.nanoTime() >= deadline) {
        throw new AssertionError(lateWritesPending.get() + " late writes not stored after 30 s");
      }
      Thread.sleep(50);
    }
  }

  private MockResponse fault(Kind kind, int times, String key, RecordedRequest request) {
    if (attempts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() > times) {
      return null;
    }
    faulted.incrementAndGet();
    return switch (kind) {
      case ERROR_500 -> status(500, "InternalError", "etcdserver: request timed out");
      case CONFLICT_409 ->
          status(
              409,
              "Conflict",
              "Operation cannot be fulfilled: the object has been modified; please apply your"
                  + " changes to the latest version and try again");
      case APPLIED_THEN_500 -> {
        cluster.store(request);
        yield status(500, "InternalError", "the response was lost");
      }
      case APPLIED_THEN_TIMEOUT -> {
        MockResponse applied = cluster.store(request);
        yield applied.setBodyDelay(clientTimeout.plusSeconds(2));
      }
      case APPLIED_LATE -> {
        lateWritesPending.incrementAndGet();
        late.schedule(
            () -> {
              try {
                cluster.store(request);
              } finally {
                lateWritesPending.decrementAndGet();
              }
            },
            4,
            TimeUnit.SECONDS);
        yield status(504, "Timeout", "the write may still complete");
      }
      case TIMEOUT ->
          status(500, "InternalError", "late").setBodyDelay(clientTimeout.plusSeconds(2));
    };
  }

  private static MockResponse status(int code, String reason, String message) {
    return new MockResponse()
        .setResponseCode(code)
        .setHeader("Content-Type", "application/json")
        .setBody(
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\""
                + message
                + "\",\"reason\":\""
                + reason
                + "\",\"code\":"
                + code
                + "}");
  }

  @Override
  public void close() {
    installed.forEach(cluster::removeInterceptor);
    late.shutdownNow();
  }
}
