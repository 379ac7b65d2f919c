package dev.presign.bench;

import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Creates UploadRequests the same way in every run: one client, a fixed pool of threads each doing
 * blocking creates. The clock starts when the first create is handed to the pool and stops when the
 * last one is acknowledged by the API server.
 */
final class RequestCreator {
  private final KubernetesClient client;
  private final int threads;

  RequestCreator(KubernetesClient client, int threads) {
    this.client = client;
    this.threads = threads;
  }

  static String name(int i) {
    return String.format("bench-%05d", i);
  }

  static UploadRequest request(int i) {
    UploadRequest request = new UploadRequest();
    request.getMetadata().setName(name(i));
    request.getMetadata().setNamespace(BenchCluster.NAMESPACE);
    request.setSpec(new UploadRequestSpec("Quarterly Report " + i + ".pdf", 10_000L + i));
    return request;
  }

  /** Start and end (System.nanoTime) of creating {@code count} requests. */
  record Timing(long startNanos, long lastAckNanos) {
    Duration elapsed() {
      return Duration.ofNanos(lastAckNanos - startNanos);
    }
  }

  Timing createAll(int count, Duration timeout) throws Exception {
    List<UploadRequest> requests = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      requests.add(request(i));
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicLong lastAck = new AtomicLong();
    try {
      List<Future<?>> done = new ArrayList<>(count);
      long start = System.nanoTime();
      for (UploadRequest request : requests) {
        done.add(
            pool.submit(
                () -> {
                  client.resource(request).create();
                  long now = System.nanoTime();
                  lastAck.accumulateAndGet(now, Math::max);
                }));
      }
      long deadline = start + timeout.toNanos();
      for (Future<?> future : done) {
        long left = deadline - System.nanoTime();
        try {
          future.get(Math.max(left, 1), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
          throw new TimeoutException(
              "creating " + count + " UploadRequests took longer than " + timeout);
        } catch (ExecutionException e) {
          throw new IllegalStateException("a create failed: " + e.getCause(), e.getCause());
        }
      }
      return new Timing(start, lastAck.get());
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(10, TimeUnit.SECONDS);
    }
  }
}
