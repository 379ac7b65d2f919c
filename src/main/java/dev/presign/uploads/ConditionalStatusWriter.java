package dev.presign.uploads;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.HttpURLConnection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one way status is written, for UploadRequests (reconciler and HTTP API alike) and
 * UploadClasses: only if the resource is still the version that was read: a JSON patch of the
 * status subresource that sets {@code metadata.resourceVersion} to the version read and replaces
 * {@code status}. The API server treats a resourceVersion in a patch as a precondition and answers
 * 409 when the object changed since.
 *
 * <p>Why not {@code UpdateControl.patchStatus}: JOSDK (5.2, without server-side apply) clears the
 * resourceVersion before it patches, so the write always wins. After a status write whose answer
 * was lost (a 5xx or a timeout after the API server applied it, or a commit after the client gave
 * up) the informer cache can still show the request unsigned when JOSDK retries; an unconditional
 * write would then replace a signed form someone may already hold with a second one. Conditional,
 * the stale write fails instead, and the event of the write that landed brings the fresh view. It
 * costs no extra call on the normal path. (A JSON patch rather than a merge patch: the status is
 * built whole from the one read and replaces it whole; the fabric8 mock server appends to lists in
 * merge patches instead of replacing them.)
 */
public final class ConditionalStatusWriter {
  private final KubernetesClient client;

  public ConditionalStatusWriter(KubernetesClient client) {
    this.client = client;
  }

  /**
   * Replaces the status of {@code read} (an UploadRequest or an UploadClass) with {@code next},
   * only if the resource is still the version {@code read} was read at.
   *
   * @return the resource as written; empty when it changed since {@code read} was read (the
   *     caller's view is stale and must not be written)
   * @throws KubernetesClientException for other failures (JOSDK retries the reconcile; HTTP answers
   *     503)
   */
  public <T extends HasMetadata> Optional<T> write(T read, Object next) {
    String patch =
        client
            .getKubernetesSerialization()
            .asJson(
                List.of(
                    Map.of(
                        "op",
                        "replace",
                        "path",
                        "/metadata/resourceVersion",
                        "value",
                        read.getMetadata().getResourceVersion()),
                    Map.of("op", "add", "path", "/status", "value", next)));
    try {
      // On resource(read), not withName(...): for the latter fabric8 GETs the object first, one
      // more API call per status write.
      return Optional.of(
          client
              .resource(read)
              .subresource("status")
              .patch(PatchContext.of(PatchType.JSON), patch));
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        return Optional.empty();
      }
      throw e;
    }
  }
}
