package dev.presign.uploads;

import dev.presign.api.v1alpha1.UploadClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Optional;

/**
 * Every replica's view of the (cluster-scoped) UploadClasses, so the HTTP API can use a class as it
 * is now without a GET per call. The reconcilers keep their own JOSDK event sources, which also
 * trigger reconciles.
 */
public final class ClassInformer implements AutoCloseable {
  private final SharedIndexInformer<UploadClass> informer;
  private final ClassCatalog catalog;

  public ClassInformer(KubernetesClient client) {
    this.informer = client.resources(UploadClass.class).runnableInformer(0);
    this.catalog =
        new ClassCatalog(
            name -> Optional.ofNullable(informer.getStore().getByKey(name)),
            () -> informer.getStore().list().stream());
  }

  public void start() {
    informer.run();
  }

  public boolean isSynced() {
    return informer.hasSynced();
  }

  public ClassCatalog catalog() {
    return catalog;
  }

  @Override
  public void close() {
    informer.close();
  }
}
