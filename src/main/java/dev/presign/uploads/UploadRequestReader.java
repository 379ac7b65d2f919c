package dev.presign.uploads;

import dev.presign.api.v1alpha1.UploadRequest;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads an UploadRequest as the API server has it now. Caches (informers) lag: right after a write
 * on this replica or another they can show an older version, and a conditional write based on that
 * version is refused; a caller then reads here and decides again.
 */
public final class UploadRequestReader {
  private final KubernetesClient client;

  public UploadRequestReader(KubernetesClient client) {
    this.client = client;
  }

  /**
   * @return the current version of the same request (same uid); empty when it is gone
   * @throws UploadRefusal UNAVAILABLE when the API server cannot be reached
   */
  public Optional<UploadRequest> current(UploadRequest cached) {
    try {
      return named(cached.getMetadata().getNamespace(), cached.getMetadata().getName())
          .filter(current -> cached.getMetadata().getUid().equals(current.getMetadata().getUid()));
    } catch (KubernetesClientException e) {
      throw UploadRefusal.unavailable(
          "The Kubernetes API server could not be reached; try again shortly.", 2);
    }
  }

  /**
   * Applies {@code attempt} to {@code read}; when it finds the request changed since it was read
   * (it answers empty: a conditional write was refused), reads the request again and applies it
   * once more. The one way a front door's write recovers from a cache that lagged.
   *
   * @throws UploadRefusal CONFLICT when the request was deleted meanwhile; UNAVAILABLE when it
   *     changed again, or the API server cannot be reached
   */
  public <T> T applyWithOneReread(
      UploadRequest read, Function<UploadRequest, Optional<T>> attempt) {
    Optional<T> done = attempt.apply(read);
    if (done.isPresent()) {
      return done.get();
    }
    UploadRequest fresh =
        current(read)
            .orElseThrow(() -> UploadRefusal.conflict(StatusField.PHASE, "the upload was deleted"));
    return attempt
        .apply(fresh)
        .orElseThrow(
            () ->
                UploadRefusal.unavailable(
                    "The upload is being changed by another writer; try again shortly.", 1));
  }

  /**
   * @return the request of that name as the API server has it now; empty when there is none
   * @throws KubernetesClientException when the API server cannot answer
   */
  public Optional<UploadRequest> named(String namespace, String name) {
    return Optional.ofNullable(
        client.resources(UploadRequest.class).inNamespace(namespace).withName(name).get());
  }
}
