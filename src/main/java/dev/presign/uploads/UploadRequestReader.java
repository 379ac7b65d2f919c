package dev.presign.uploads;

import dev.presign.api.v1alpha1.UploadRequest;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;

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
    UploadRequest current;
    try {
      current =
          client
              .resources(UploadRequest.class)
              .inNamespace(cached.getMetadata().getNamespace())
              .withName(cached.getMetadata().getName())
              .get();
    } catch (KubernetesClientException e) {
      throw UploadRefusal.unavailable(
          "The Kubernetes API server could not be reached; try again shortly.", 2);
    }
    if (current == null || !cached.getMetadata().getUid().equals(current.getMetadata().getUid())) {
      return Optional.empty();
    }
    return Optional.of(current);
  }
}
