package dev.presign.bench;

import dev.presign.api.v1alpha1.Phase;
import dev.presign.api.v1alpha1.UploadRequest;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches every UploadRequest in the cluster and remembers, per uid, each distinct signature its
 * status ever carried and its latest phase: a request whose signature changed after someone could
 * have seen it was signed twice. Should the watch close, {@link #relist()} catches up from a list.
 */
final class SignedFormWatch implements Watcher<UploadRequest>, AutoCloseable {
  private final KubernetesClient client;
  private final Map<String, Set<String>> signaturesByUid = new ConcurrentHashMap<>();
  private final Map<String, UploadRequest> latestByUid = new ConcurrentHashMap<>();
  private final Watch watch;
  private volatile WatcherException closedWith;

  SignedFormWatch(KubernetesClient client) {
    this.client = client;
    this.watch = client.resources(UploadRequest.class).inAnyNamespace().watch(this);
  }

  @Override
  public void eventReceived(Action action, UploadRequest request) {
    if (action == Action.ADDED || action == Action.MODIFIED) {
      note(request);
    }
  }

  private void note(UploadRequest request) {
    String uid = request.getMetadata().getUid();
    latestByUid.put(uid, request);
    String signature = signatureOf(request);
    if (signature != null) {
      signaturesByUid.computeIfAbsent(uid, k -> ConcurrentHashMap.newKeySet()).add(signature);
    }
  }

  /** Lists everything once (after the watch closed, or to be sure nothing was missed). */
  void relist() {
    client.resources(UploadRequest.class).inAnyNamespace().list().getItems().forEach(this::note);
  }

  @Override
  public void onClose(WatcherException cause) {
    closedWith = cause;
  }

  boolean closedEarly() {
    return closedWith != null;
  }

  long count(Phase phase) {
    return latestByUid.values().stream()
        .filter(r -> r.getStatus() != null && r.getStatus().getPhase() == phase)
        .count();
  }

  int seen() {
    return latestByUid.size();
  }

  UploadRequest latest(String uid) {
    return latestByUid.get(uid);
  }

  /** Requests whose status carried more than one signature over the run. */
  long signedMoreThanOnce() {
    return signaturesByUid.values().stream().filter(s -> s.size() > 1).count();
  }

  static String signatureOf(UploadRequest request) {
    if (request.getStatus() == null || request.getStatus().getPresignedPost() == null) {
      return null;
    }
    Map<String, String> fields = request.getStatus().getPresignedPost().getFields();
    return fields == null ? null : fields.get("x-amz-signature");
  }

  @Override
  public void close() {
    watch.close();
  }
}
