package dev.presign.testing;

import dev.presign.api.v1alpha1.Phase;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every signed form anyone could have seen: watches UploadRequests from its own client and records,
 * per request, each distinct (key, expiresAt, form fields) it observed, and every phase. "Signed
 * once" means exactly one form per request over the whole test. Requests are named by their name
 * when one namespace is watched, by {@code namespace/name} when all are.
 */
public final class SignedForms implements AutoCloseable {
  private final Map<String, Set<String>> forms = new ConcurrentHashMap<>();
  private final Map<String, Set<Phase>> phases = new ConcurrentHashMap<>();
  private final SharedIndexInformer<UploadRequest> informer;

  private final boolean allNamespaces;

  /**
   * @param namespace the namespace to watch; null for all
   */
  public SignedForms(KubernetesClient client, String namespace) {
    allNamespaces = namespace == null;
    var requests = client.resources(UploadRequest.class);
    informer =
        (allNamespaces ? requests.inAnyNamespace() : requests.inNamespace(namespace))
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
                  public void onDelete(UploadRequest request, boolean unknown) {}
                });
  }

  private String nameOf(UploadRequest request) {
    return allNamespaces
        ? request.getMetadata().getNamespace() + "/" + request.getMetadata().getName()
        : request.getMetadata().getName();
  }

  private void record(UploadRequest request) {
    UploadRequestStatus status = request.getStatus();
    if (status != null && status.getPhase() != null) {
      phases
          .computeIfAbsent(nameOf(request), n -> ConcurrentHashMap.newKeySet())
          .add(status.getPhase());
    }
    if (status == null || status.getPresignedPost() == null) {
      return;
    }
    forms
        .computeIfAbsent(
            nameOf(request), n -> java.util.Collections.synchronizedSet(new LinkedHashSet<>()))
        .add(signedForm(status));
  }

  /** What a signature is: the key, the expiry and every form field (policy and signature). */
  public static String signedForm(UploadRequestStatus status) {
    return signedForm(
        status.getKey(), status.getExpiresAt(), status.getPresignedPost().getFields());
  }

  /** The same for a form as the HTTP API answered it ({@code key}, {@code expires_at}, fields). */
  public static String signedForm(String key, String expiresAt, Map<String, String> fields) {
    return key + " " + expiresAt + " " + new java.util.TreeMap<>(fields);
  }

  /** The distinct signed forms seen for this request, in the order they were seen. */
  public List<String> of(String name) {
    Set<String> seen = forms.getOrDefault(name, Set.of());
    synchronized (seen) {
      return List.copyOf(seen);
    }
  }

  /**
   * Waits (bounded) until the watch has seen what each of these requests stores: its phase and its
   * signed form. The watch can trail a GET that already shows them, more so on a busy machine.
   */
  public void awaitSeen(List<UploadRequest> stored, Duration timeout) {
    Await.until(
        "the watch to see the stored phases and forms",
        timeout,
        () -> stored.stream().filter(r -> !seen(r)).map(this::nameOf).toList(),
        List::isEmpty);
  }

  private boolean seen(UploadRequest request) {
    UploadRequestStatus status = request.getStatus();
    if (status == null) {
      return true;
    }
    String name = nameOf(request);
    return (status.getPhase() == null || phasesOf(name).contains(status.getPhase()))
        && (status.getPresignedPost() == null || of(name).contains(signedForm(status)));
  }

  /** How many requests were seen with a signed form. */
  public int signedCount() {
    return forms.size();
  }

  /** name → its distinct forms, for every request seen with more than one. */
  public Map<String, List<String>> signedMoreThanOnce() {
    Map<String, List<String>> twice = new java.util.TreeMap<>();
    for (String name : forms.keySet()) {
      List<String> seen = of(name);
      if (seen.size() > 1) {
        twice.put(name, seen);
      }
    }
    return twice;
  }

  /** Every phase this request was seen in. */
  public Set<Phase> phasesOf(String name) {
    return Set.copyOf(phases.getOrDefault(name, Set.of()));
  }

  @Override
  public void close() {
    informer.close();
  }
}
