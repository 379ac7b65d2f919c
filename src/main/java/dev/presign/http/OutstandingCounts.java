package dev.presign.http;

import dev.presign.api.v1alpha1.Phase;
import dev.presign.api.v1alpha1.UploadRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many unfinished (Pending or Issued) UploadRequests each namespace has, kept up to date from
 * the informer's add/update/delete events so that reading it costs O(1), not a scan of the cache.
 * Namespaces drop out at zero, so the map holds only namespaces with unfinished requests.
 */
final class OutstandingCounts {
  private final Map<String, Integer> counts = new ConcurrentHashMap<>();

  static boolean isOutstanding(UploadRequest request) {
    Phase phase = request.getStatus() == null ? null : request.getStatus().getPhase();
    return phase == null || !phase.isTerminal();
  }

  void added(UploadRequest request) {
    if (isOutstanding(request)) {
      add(request.getMetadata().getNamespace(), 1);
    }
  }

  void updated(UploadRequest before, UploadRequest after) {
    boolean was = isOutstanding(before);
    boolean is = isOutstanding(after);
    if (was != is) {
      add(after.getMetadata().getNamespace(), is ? 1 : -1);
    }
  }

  void deleted(UploadRequest request) {
    if (isOutstanding(request)) {
      add(request.getMetadata().getNamespace(), -1);
    }
  }

  int in(String namespace) {
    return counts.getOrDefault(namespace, 0);
  }

  private void add(String namespace, int delta) {
    counts.compute(
        namespace,
        (ns, count) -> {
          int next = (count == null ? 0 : count) + delta;
          return next <= 0 ? null : next;
        });
  }
}
