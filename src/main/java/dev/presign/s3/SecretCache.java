package dev.presign.s3;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Secrets of the credentials namespaces, kept current by informers, so resolving a class's
 * credentials never costs an API call. Only the namespaces named in the settings are watched: the
 * operator's RBAC grants Secret access there and nowhere else.
 */
public final class SecretCache implements AutoCloseable {
  private final KubernetesClient client;
  private final Set<String> namespaces;
  private final List<SharedIndexInformer<Secret>> informers = new ArrayList<>();

  public SecretCache(KubernetesClient client, Set<String> namespaces) {
    this.client = client;
    this.namespaces = namespaces;
  }

  public synchronized void start() {
    for (String namespace : namespaces) {
      informers.add(client.secrets().inNamespace(namespace).inform());
    }
  }

  /** The Secret, or null when it does not exist or its namespace is not watched. */
  public Secret get(String namespace, String name) {
    if (!namespaces.contains(namespace)) {
      return null;
    }
    for (SharedIndexInformer<Secret> informer : informers) {
      Secret secret = informer.getStore().getByKey(namespace + "/" + name);
      if (secret != null) {
        return secret;
      }
    }
    return null;
  }

  @Override
  public synchronized void close() {
    informers.forEach(SharedIndexInformer::close);
    informers.clear();
  }
}
