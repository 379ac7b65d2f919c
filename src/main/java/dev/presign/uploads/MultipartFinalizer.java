package dev.presign.uploads;

import dev.presign.api.v1alpha1.UploadRequest;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.List;

/**
 * The finalizer of a multipart request while its S3 upload may be open: deleting the request then
 * waits for the operator to abort the upload (so S3 does not keep its parts, and bill for them).
 * Only multipart requests carry it, and only until their upload is completed or aborted: a single
 * POST/PUT leaves nothing behind in S3, and a request nobody reconciles must stay deletable.
 *
 * <p>Written with a read-modify-patch of the live object, never from the cache: cached requests are
 * pruned ({@link CachedUploadRequests}) and writing one back would drop labels and annotations.
 */
public final class MultipartFinalizer {
  public static final String NAME = "uploads.presign.dev/abort-multipart";

  private final KubernetesClient client;

  public MultipartFinalizer(KubernetesClient client) {
    this.client = client;
  }

  public static boolean isOn(UploadRequest request) {
    List<String> finalizers = request.getMetadata().getFinalizers();
    return finalizers != null && finalizers.contains(NAME);
  }

  /**
   * Adds the finalizer (before the S3 upload is created, so no upload can exist without it).
   *
   * @return the request as the API server now has it (its resourceVersion is the one a status write
   *     must name), or empty when it is gone or being deleted (create nothing for it)
   */
  public java.util.Optional<UploadRequest> add(UploadRequest request) {
    try {
      UploadRequest edited =
          client
              .resources(UploadRequest.class)
              .inNamespace(request.getMetadata().getNamespace())
              .withName(request.getMetadata().getName())
              .edit(
                  live -> {
                    if (live.isMarkedForDeletion()
                        || !live.getMetadata().getUid().equals(request.getMetadata().getUid())) {
                      return live;
                    }
                    List<String> finalizers = new ArrayList<>(live.getFinalizers());
                    if (!finalizers.contains(NAME)) {
                      finalizers.add(NAME);
                    }
                    live.getMetadata().setFinalizers(finalizers);
                    return live;
                  });
      boolean added =
          !edited.isMarkedForDeletion()
              && edited.getMetadata().getUid().equals(request.getMetadata().getUid())
              && isOn(edited);
      return added ? java.util.Optional.of(edited) : java.util.Optional.empty();
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
        return java.util.Optional.empty();
      }
      throw e;
    }
  }

  /** Removes the finalizer; a request that is gone already has none. */
  public void remove(UploadRequest request) {
    try {
      client
          .resources(UploadRequest.class)
          .inNamespace(request.getMetadata().getNamespace())
          .withName(request.getMetadata().getName())
          .edit(
              live -> {
                if (live.getMetadata().getUid().equals(request.getMetadata().getUid())) {
                  List<String> finalizers = new ArrayList<>(live.getFinalizers());
                  finalizers.remove(NAME);
                  live.getMetadata().setFinalizers(finalizers);
                }
                return live;
              });
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
        throw e;
      }
    }
  }
}
