package dev.presign.uploads;

import dev.presign.api.v1alpha1.PresignedPost;
import dev.presign.api.v1alpha1.PresignedPut;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a replica keeps of each UploadRequest in memory, for JOSDK's informer and the HTTP API's
 * index alike: the spec and the status whole, and of the metadata only what the operator reads.
 *
 * <p>Why: anyone who may create UploadRequests decides how big they are. The API server allows 256
 * KiB of annotations, any number of labels and finalizers, and adds managedFields to every object;
 * the CRD schema bounds the spec. Kept whole, a few hundred requests carrying large annotations
 * fill a 192 MiB heap on every replica, and the replicas then crash-loop, because the initial list
 * no longer fits. Kept this way, a cached request costs what its spec and status cost, whatever its
 * metadata carries.
 *
 * <p>Why the status stays whole: each status write replaces the status with one built from the
 * cached one ({@link UploadRequestStatuses}); a field dropped here would be dropped on the server
 * too. The metadata is safe to drop: writes are JSON patches of {@code /status} with the cached
 * {@code resourceVersion} as precondition ({@link ConditionalStatusWriter}), and the clean-up
 * deletes by name, so nothing the cache lacks is ever sent back.
 */
public final class CachedUploadRequests {
  /**
   * Longest created-by annotation kept (a Kubernetes user name: a ServiceAccount's is at most about
   * 340 characters). A longer one was not written by the HTTP API and is not kept.
   */
  public static final int MAX_CREATED_BY_LENGTH = 1024;

  /**
   * Objects per page of an informer's list. Without a limit the API server sends every request in
   * one answer, which the client holds whole before the first one is pruned: 2,000 requests with
   * 256 KiB of annotations are 512 MiB. With pages of 50, a page is at most about 75 MiB even if
   * every object is as large as etcd allows (1.5 MiB), and 13 MiB in that 256 KiB case.
   */
  public static final long LIST_PAGE_SIZE = 50;

  private static final List<String> MULTIPART_FINALIZER = List.of(MultipartFinalizer.NAME);

  /** Longest string shared between cached requests (see {@link #intern}). */
  private static final int MAX_INTERNED_LENGTH = MAX_CREATED_BY_LENGTH;

  /**
   * What every cached copy is cloned from ({@link UploadRequest#shallowCopy}), so that all of them
   * share its type strings. Never handed out, never changed.
   */
  private final UploadRequest shell = new UploadRequest();

  /** A new store for one informer: fabric8's own, keyed as fabric8 keys, holding pruned copies. */
  public ItemStore<UploadRequest> itemStore() {
    return new PrunedStore(this, null);
  }

  /**
   * As {@link #itemStore()}, and finds requests by uid (the HTTP API's id) too.
   *
   * <p>Why not a fabric8 indexer: fabric8 7.5 updates an index by removing the object's entry and
   * adding it again, so a lookup on another thread in between finds nothing. The HTTP API looks up
   * a request by id right after writing its status ({@code /complete}, then {@code /download-url}),
   * and under load answered 404 for an upload it had just completed. Here the uid of a request that
   * is updated stays mapped throughout.
   */
  public ByUid itemStoreByUid() {
    return new PrunedStore(this, new ConcurrentHashMap<>());
  }

  /** A store of pruned requests that also finds them by uid. */
  public interface ByUid extends ItemStore<UploadRequest> {
    Optional<UploadRequest> byUid(String uid);
  }

  public long listPageSize() {
    return LIST_PAGE_SIZE;
  }

  /**
   * A copy of {@code request} with the same spec and status objects and only this metadata: name,
   * namespace, uid, resourceVersion, generation, creationTimestamp, deletionTimestamp, and the
   * created-by annotation when it is not over {@value #MAX_CREATED_BY_LENGTH} characters. Not kept:
   * managedFields, labels (no selector reads them), other annotations, finalizers other than the
   * operator's own {@link MultipartFinalizer#NAME}, ownerReferences.
   */
  public UploadRequest pruned(UploadRequest request) {
    ObjectMeta full = request.getMetadata();
    if (full == null) {
      return request;
    }
    ObjectMeta kept = new ObjectMeta();
    kept.setName(full.getName());
    kept.setNamespace(intern(full.getNamespace()));
    kept.setUid(full.getUid());
    kept.setResourceVersion(full.getResourceVersion());
    kept.setGeneration(full.getGeneration());
    kept.setCreationTimestamp(full.getCreationTimestamp());
    kept.setDeletionTimestamp(full.getDeletionTimestamp());
    Map<String, String> annotations = full.getAnnotations();
    String createdBy =
        annotations == null ? null : annotations.get(UploadRequestStatuses.CREATED_BY_ANNOTATION);
    // Map.of and List.of below: immutable, and the empty ones one shared instance, where fabric8's
    // model allocates a map or list per object. Nothing changes a cached object's metadata.
    if (createdBy != null && createdBy.length() <= MAX_CREATED_BY_LENGTH) {
      kept.setAnnotations(Map.of(UploadRequestStatuses.CREATED_BY_ANNOTATION, intern(createdBy)));
    } else {
      kept.setAnnotations(Map.of());
    }
    kept.setLabels(Map.of());
    // Only the operator's own finalizer: the reconciler reads it to know a multipart upload may
    // still be open (others are not the operator's business, and cost memory).
    kept.setFinalizers(
        full.getFinalizers() != null && full.getFinalizers().contains(MultipartFinalizer.NAME)
            ? MULTIPART_FINALIZER
            : List.of());
    kept.setManagedFields(List.of());
    kept.setOwnerReferences(List.of());
    kept.setAdditionalProperties(Map.of());
    UploadRequest copy = shell.shallowCopy();
    copy.setMetadata(kept);
    copy.setSpec(request.getSpec());
    copy.setStatus(request.getStatus());
    shareStrings(copy);
    return copy;
  }

  /**
   * Each request is parsed on its own, so each holds its own copy of every string, though most
   * repeat: within a request (the key twice, the uid as status.id, the issue time as the
   * condition's transition time) and across requests (class, bucket, folder, URL, credential scope,
   * condition type and reason). Equal strings are swapped for one shared instance; no value
   * changes, so what is written back is the same.
   */
  private static void shareStrings(UploadRequest request) {
    UploadRequestStatus status = request.getStatus();
    if (status == null) {
      return;
    }
    ObjectMeta meta = request.getMetadata();
    status.setId(same(status.getId(), meta.getUid()));
    status.setCreatedBy(intern(status.getCreatedBy()));
    status.setUploadClassName(intern(status.getUploadClassName()));
    status.setBucket(intern(status.getBucket()));
    status.setFileType(intern(status.getFileType()));
    status.setUploadTo(intern(status.getUploadTo()));
    List<Condition> conditions = status.getConditions();
    if (conditions != null && !conditions.contains(null)) {
      for (Condition condition : conditions) {
        condition.setType(intern(condition.getType()));
        condition.setStatus(intern(condition.getStatus()));
        condition.setReason(intern(condition.getReason()));
        condition.setLastTransitionTime(
            same(condition.getLastTransitionTime(), status.getIssuedAt()));
        // fabric8 gives each Condition a map of its own for unknown fields, nearly always empty.
        Map<String, Object> unknown = condition.getAdditionalProperties();
        if (unknown != null && unknown.isEmpty()) {
          condition.setAdditionalProperties(Map.of());
        }
      }
      // Jackson's list has room for ten. Nothing changes a cached list: the next status gets a
      // new one (ConditionSetter).
      status.setConditions(List.copyOf(conditions));
    }
    PresignedPost post = status.getPresignedPost();
    if (post != null) {
      post.setUrl(intern(post.getUrl()));
      // Jackson's LinkedHashMap becomes a compact copy in the same order; nothing changes a
      // cached form in place (a finished status drops it, UploadRequestStatuses). A map built in
      // code (never cached) is left as it is.
      if (post.getFields() instanceof HashMap<String, String> fields) {
        post.setFields(
            CompactStringMap.copyOf(fields, (name, value) -> sharedField(name, value, status)));
      }
    }
    PresignedPut put = status.getPresignedPut();
    if (put != null && put.getHeaders() instanceof HashMap<String, String> headers) {
      put.setHeaders(CompactStringMap.copyOf(headers, (name, value) -> intern(value)));
    }
  }

  private static String sharedField(String name, String value, UploadRequestStatus status) {
    return switch (name) {
      case "key" -> same(value, status.getKey());
      // Unique per request: nothing to share.
      case "policy", "x-amz-signature", "x-amz-date" -> value;
      default -> intern(value);
    };
  }

  /** {@code shared} when it is equal to {@code value}, else {@code value}. */
  private static String same(String value, String shared) {
    return value != null && value.equals(shared) ? shared : value;
  }

  /**
   * One instance of a string that repeats across thousands of requests (namespace, caller, class,
   * bucket...). Only short ones: a status may be written by a tenant, and an interned string lives
   * as long as someone holds it.
   */
  private static String intern(String value) {
    return value == null || value.length() > MAX_INTERNED_LENGTH ? value : value.intern();
  }

  /** fabric8's default store (namespace/name keys, what JOSDK looks up by), pruning on put. */
  private static final class PrunedStore implements ByUid {
    private final CachedUploadRequests shape;
    private final BasicItemStore<UploadRequest> store =
        new BasicItemStore<>(Cache::metaNamespaceKeyFunc);

    /** uid → key; null for a store without lookups by uid. */
    private final Map<String, String> keysByUid;

    PrunedStore(CachedUploadRequests shape, Map<String, String> keysByUid) {
      this.shape = shape;
      this.keysByUid = keysByUid;
    }

    @Override
    public Optional<UploadRequest> byUid(String uid) {
      if (keysByUid == null) {
        throw new IllegalStateException("this store has no lookup by uid");
      }
      String key = keysByUid.get(uid);
      UploadRequest request = key == null ? null : store.get(key);
      return request != null && uid.equals(request.getMetadata().getUid())
          ? Optional.of(request)
          : Optional.empty();
    }

    @Override
    public String getKey(UploadRequest request) {
      return store.getKey(request);
    }

    // fabric8 calls put and remove under its cache's lock, one at a time; lookups run alongside.
    @Override
    public UploadRequest put(String key, UploadRequest request) {
      UploadRequest previous = store.put(key, shape.pruned(request));
      if (keysByUid != null) {
        keysByUid.put(request.getMetadata().getUid(), key);
        forgetUidOf(previous, request.getMetadata().getUid(), key);
      }
      return previous;
    }

    @Override
    public UploadRequest remove(String key) {
      UploadRequest removed = store.remove(key);
      if (keysByUid != null) {
        forgetUidOf(removed, null, key);
      }
      return removed;
    }

    /** A request replaced under the same name by one with another uid, or removed. */
    private void forgetUidOf(UploadRequest gone, String keptUid, String key) {
      if (gone != null && !gone.getMetadata().getUid().equals(keptUid)) {
        keysByUid.remove(gone.getMetadata().getUid(), key);
      }
    }

    @Override
    public java.util.stream.Stream<String> keySet() {
      return store.keySet();
    }

    @Override
    public java.util.stream.Stream<UploadRequest> values() {
      return store.values();
    }

    @Override
    public int size() {
      return store.size();
    }

    @Override
    public UploadRequest get(String key) {
      return store.get(key);
    }
  }
}
