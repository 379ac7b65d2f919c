package dev.presign.bench;

import dev.presign.api.v1alpha1.Phase;
import dev.presign.api.v1alpha1.UploadRequest;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * Watches the benchmark namespace's UploadRequests and notes when the expected number has reached
 * Issued (or a later successful phase). A Failed request fails the run. Should the watch close
 * early, it falls back to listing once a second, so a lost watch cannot pass as a slow operator.
 */
final class IssuedWatch implements Watcher<UploadRequest>, AutoCloseable {
  private final KubernetesClient client;
  private final int expected;
  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private final Set<String> issued = ConcurrentHashMap.newKeySet();
  private final Set<String> failed = ConcurrentHashMap.newKeySet();
  private final Watch watch;
  private volatile long allIssuedAt;
  private volatile WatcherException closedWith;

  IssuedWatch(KubernetesClient client, int expected) {
    this.client = client;
    this.expected = expected;
    this.watch =
        client.resources(UploadRequest.class).inNamespace(BenchCluster.NAMESPACE).watch(this);
  }

  @Override
  public void eventReceived(Action action, UploadRequest request) {
    if (action == Action.DELETED || action == Action.BOOKMARK || action == Action.ERROR) {
      return;
    }
    note(request, System.nanoTime());
  }

  private void note(UploadRequest request, long now) {
    String name = request.getMetadata().getName();
    seen.add(name);
    Phase phase = request.getStatus() == null ? null : request.getStatus().getPhase();
    if (phase == Phase.FAILED) {
      failed.add(name);
    }
    if ((phase == Phase.ISSUED || phase == Phase.UPLOADED) && issued.add(name)) {
      if (issued.size() == expected) {
        allIssuedAt = now;
      }
    }
  }

  @Override
  public void onClose(WatcherException cause) {
    closedWith = cause;
  }

  int issuedCount() {
    return issued.size();
  }

  int seenCount() {
    return seen.size();
  }

  /** Waits until all expected requests are Issued; returns the System.nanoTime it happened. */
  long awaitAllIssued(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (allIssuedAt == 0) {
      if (!failed.isEmpty()) {
        throw new IllegalStateException(
            failed.size() + " UploadRequests Failed, e.g. " + failed.iterator().next());
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException(
            "only "
                + issued.size()
                + " of "
                + expected
                + " UploadRequests Issued within "
                + timeout
                + " (watch "
                + (closedWith == null ? "open" : "closed: " + closedWith.getMessage())
                + ")");
      }
      if (closedWith != null) {
        long now = System.nanoTime();
        for (UploadRequest request :
            client
                .resources(UploadRequest.class)
                .inNamespace(BenchCluster.NAMESPACE)
                .list()
                .getItems()) {
          note(request, now);
        }
        Thread.sleep(1000);
      } else {
        Thread.sleep(20);
      }
    }
    return allIssuedAt;
  }

  boolean watchClosedEarly() {
    return closedWith != null;
  }

  @Override
  public void close() {
    watch.close();
  }
}
