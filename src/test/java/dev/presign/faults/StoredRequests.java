package dev.presign.faults;

import dev.presign.api.v1alpha1.Phase;
import dev.presign.api.v1alpha1.UploadRequest;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What the API server stores for one namespace's UploadRequests, read fresh on every call. */
final class StoredRequests {
  private final KubernetesClient client;
  private final String namespace;

  StoredRequests(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  List<UploadRequest> all() {
    return client.resources(UploadRequest.class).inNamespace(namespace).list().getItems();
  }

  Map<String, UploadRequest> byUid() {
    return all().stream()
        .collect(Collectors.toMap(r -> r.getMetadata().getUid(), Function.identity()));
  }

  int issued() {
    return (int)
        all().stream()
            .filter(r -> r.getStatus() != null && r.getStatus().getPhase() == Phase.ISSUED)
            .count();
  }

  /**
   * The Issued count once it has not changed for two seconds: a write the killed process sent just
   * before it died may still be on its way through the API server, which shares a busy machine with
   * everything else. Only for when nothing else writes meanwhile (no other replica runs).
   */
  int settledIssued() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    int before = issued();
    long since = System.nanoTime();
    while (System.nanoTime() < deadline) {
      Thread.sleep(250);
      int now = issued();
      if (now != before) {
        before = now;
        since = System.nanoTime();
      } else if (System.nanoTime() - since >= Duration.ofSeconds(2).toNanos()) {
        return now;
      }
    }
    throw new AssertionError("the Issued count kept changing for 30 s after the kill");
  }
}
