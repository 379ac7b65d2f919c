package dev.presign.uploads;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;

/** A namespace's labels, for UploadClass namespaceSelectors; asked only when a class has one. */
public final class NamespaceLabels {
  private final KubernetesClient client;

  public NamespaceLabels(KubernetesClient client) {
    this.client = client;
  }

  public Map<String, String> of(String namespace) {
    Namespace found = client.namespaces().withName(namespace).get();
    if (found == null || found.getMetadata().getLabels() == null) {
      return Map.of("kubernetes.io/metadata.name", namespace);
    }
    return found.getMetadata().getLabels();
  }
}
