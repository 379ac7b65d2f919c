package dev.presign.http;

import dev.presign.api.v1alpha1.Phase;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.uploads.CachedUploadRequests;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every replica's own view of UploadRequests, by uid (the API's {@code id}), kept by informers. It
 * lets any replica answer GETs from memory and wait for the leader to issue a request it created.
 *
 * <p>Why a cache of its own beside JOSDK's: JOSDK's informers stop when this replica loses the
 * Lease ({@code LeaseLoss} stops the operator), while the HTTP API must keep answering, and JOSDK
 * 5.2 cannot take an informer it did not start as a controller's primary source. Both caches hold
 * the same pruned copies ({@link CachedUploadRequests}), so the second costs what a spec and a
 * status cost, whatever the metadata carries.
 */
public final class UploadRequestIndex implements AutoCloseable {
  private final KubernetesClient client;
  private final Set<String> namespaces;
  private final CachedUploadRequests cached;
  private final List<SharedIndexInformer<UploadRequest>> informers = new ArrayList<>();
  private final List<CachedUploadRequests.ByUid> stores = new CopyOnWriteArrayList<>();
  private final Map<String, CompletableFuture<UploadRequest>> waiting = new ConcurrentHashMap<>();
  private final OutstandingCounts outstanding = new OutstandingCounts();

  /**
   * @param namespaces the watched namespaces; empty means all
   */
  public UploadRequestIndex(
      KubernetesClient client, Set<String> namespaces, CachedUploadRequests cached) {
    this.client = client;
    this.namespaces = namespaces;
    this.cached = cached;
  }

  public synchronized void start() {
    if (namespaces.isEmpty()) {
      informers.add(
          inform(
              client
                  .resources(UploadRequest.class)
                  .inAnyNamespace()
                  .withLimit(cached.listPageSize())
                  .runnableInformer(0)));
    } else {
      for (String namespace : namespaces) {
        informers.add(
            inform(
                client
                    .resources(UploadRequest.class)
                    .inNamespace(namespace)
                    .withLimit(cached.listPageSize())
                    .runnableInformer(0)));
      }
    }
  }

  private SharedIndexInformer<UploadRequest> inform(SharedIndexInformer<UploadRequest> informer) {
    // One store per informer: a relist drops what its store holds beyond the list it got.
    CachedUploadRequests.ByUid store = cached.itemStoreByUid();
    stores.add(store);
    informer.itemStore(store);
    informer.addEventHandler(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(UploadRequest request) {
            outstanding.added(request);
            settle(request);
          }

          @Override
          public void onUpdate(UploadRequest before, UploadRequest after) {
            outstanding.updated(before, after);
            settle(after);
          }

          @Override
          public void onDelete(UploadRequest request, boolean unknownFinalState) {
            outstanding.deleted(request);
            CompletableFuture<UploadRequest> future =
                waiting.remove(request.getMetadata().getUid());
            if (future != null) {
              future.complete(request);
            }
          }
        });
    informer.run();
    return informer;
  }

  public boolean isSynced() {
    synchronized (this) {
      return !informers.isEmpty() && informers.stream().allMatch(SharedIndexInformer::hasSynced);
    }
  }

  /** Every request in this replica's cache (pruned copies: spec, status and identity). */
  public java.util.stream.Stream<UploadRequest> all() {
    return stores.stream().flatMap(CachedUploadRequests.ByUid::values);
  }

  public boolean watches(String namespace) {
    return namespaces.isEmpty() || namespaces.contains(namespace);
  }

  public Optional<UploadRequest> byId(String id) {
    for (CachedUploadRequests.ByUid store : stores) {
      Optional<UploadRequest> found = store.byUid(id);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  /**
   * Unfinished (Pending or Issued) UploadRequests in {@code namespace}, as this replica's cache has
   * them: a request created a moment ago may not be counted yet.
   */
  public int outstandingIn(String namespace) {
    return outstanding.in(namespace);
  }

  /** Completes when the request leaves Pending (Issued, or Failed) or is deleted. */
  public CompletableFuture<UploadRequest> whenSettled(UploadRequest created) {
    String uid = created.getMetadata().getUid();
    CompletableFuture<UploadRequest> future =
        waiting.computeIfAbsent(uid, k -> new CompletableFuture<>());
    byId(uid).ifPresent(this::settle);
    return future.whenComplete((r, e) -> waiting.remove(uid, future));
  }

  private void settle(UploadRequest request) {
    if (request.getStatus() == null
        || request.getStatus().getPhase() == null
        || request.getStatus().getPhase() == Phase.PENDING) {
      return;
    }
    CompletableFuture<UploadRequest> future = waiting.remove(request.getMetadata().getUid());
    if (future != null) {
      future.complete(request);
    }
  }

  @Override
  public synchronized void close() {
    informers.forEach(SharedIndexInformer::close);
    informers.clear();
    stores.clear();
    waiting.values().forEach(f -> f.cancel(false));
  }
}
