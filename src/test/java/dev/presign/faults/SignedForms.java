package dev.presign.faults;

import dev.presign.api.v1alpha1.Phase;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches every UploadRequest of a namespace for the whole test, from the test JVM, and keeps each
 * distinct signed form (url, fields, key, expiry) it ever saw per request: a request signed twice
 * shows up as two forms, even when the second overwrote the first a moment later.
 */
final class SignedForms implements AutoCloseable {
  /** What a caller hands to a browser; any change of it after it was seen is a second signing. */
  record Form(String url, Map<String, String> fields, String key, String expiresAt) {
    static Form of(UploadRequestStatus status) {
      return new Form(
          status.getPresignedPost().getUrl(),
          new TreeMap<>(status.getPresignedPost().getFields()),
          status.getKey(),
          status.getExpiresAt());
    }
  }

  private final Map<String, Set<Form>> formsByUid = new ConcurrentHashMap<>();
  private final SharedIndexInformer<UploadRequest> informer;

  private SignedForms(KubernetesClient client, String namespace) {
    this.informer =
        client
            .resources(UploadRequest.class)
            .inNamespace(namespace)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(UploadRequest request) {
                    record(request);
                  }

                  @Override
                  public void onUpdate(UploadRequest before, UploadRequest after) {
                    record(after);
                  }

                  @Override
                  public void onDelete(UploadRequest request, boolean unknownFinalState) {
                    // deletion is not signing
                  }
                },
                0);
  }

  static SignedForms watch(KubernetesClient client, String namespace) {
    return new SignedForms(client, namespace);
  }

  private void record(UploadRequest request) {
    UploadRequestStatus status = request.getStatus();
    if (status != null && status.getPhase() == Phase.ISSUED && status.getPresignedPost() != null) {
      formsByUid
          .computeIfAbsent(request.getMetadata().getUid(), uid -> ConcurrentHashMap.newKeySet())
          .add(Form.of(status));
    }
  }

  /** Requests seen Issued so far. */
  int issued() {
    return formsByUid.size();
  }

  /** Every distinct form seen for the request with this uid (empty if never seen Issued). */
  Set<Form> formsOf(String uid) {
    return Set.copyOf(formsByUid.getOrDefault(uid, Set.of()));
  }

  /** uid → forms, for requests seen with more than one form. */
  Map<String, Set<Form>> signedMoreThanOnce() {
    Map<String, Set<Form>> twice = new TreeMap<>();
    formsByUid.forEach(
        (uid, forms) -> {
          if (forms.size() > 1) {
            twice.put(uid, Set.copyOf(forms));
          }
        });
    return twice;
  }

  @Override
  public void close() {
    informer.close();
  }
}
