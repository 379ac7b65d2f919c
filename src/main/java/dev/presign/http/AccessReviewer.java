package dev.presign.http;

import dev.presign.api.v1alpha1.GroupVersion;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;

/**
 * Asks the API server, with a SubjectAccessReview, whether a caller may do something to
 * UploadRequests in a namespace: RBAC decides, as for kubectl. Answers are cached briefly.
 * Blocking: call it off the event loop.
 */
public final class AccessReviewer {
  private final KubernetesClient client;
  private final TtlCache<String, Boolean> cache;

  public AccessReviewer(KubernetesClient client, TtlCache<String, Boolean> cache) {
    this.client = client;
    this.cache = cache;
  }

  /**
   * @throws ApiError 503 when the API server cannot answer
   */
  public boolean allowed(Caller caller, String verb, String namespace) {
    String key = key(caller, verb, namespace);
    Boolean cached = cache.get(key);
    if (cached != null) {
      return cached;
    }
    SubjectAccessReview review =
        new SubjectAccessReviewBuilder()
            .withNewSpec()
            .withUser(caller.username())
            .withUid(caller.uid())
            .withGroups(caller.groups())
            .withExtra(caller.extra())
            .withNewResourceAttributes()
            .withGroup(GroupVersion.GROUP)
            .withResource("uploadrequests")
            .withVerb(verb)
            .withNamespace(namespace)
            .endResourceAttributes()
            .endSpec()
            .build();
    boolean allowed;
    try {
      SubjectAccessReview answer = client.resource(review).create();
      allowed = answer != null && answer.getStatus() != null && answer.getStatus().getAllowed();
    } catch (KubernetesClientException e) {
      throw ApiError.unavailable(
          "The Kubernetes API server could not review the request's permissions (HTTP "
              + e.getCode()
              + "); try again shortly.",
          2);
    }
    cache.put(key, allowed);
    return allowed;
  }

  /**
   * The cached answer, if there is one; empty when only a review can tell (then call {@link
   * #allowed} on a worker). Never blocks.
   */
  public Optional<Boolean> remembered(Caller caller, String verb, String namespace) {
    return Optional.ofNullable(cache.get(key(caller, verb, namespace)));
  }

  private static String key(Caller caller, String verb, String namespace) {
    return caller.username()
        + "\n"
        + String.join(",", caller.groups())
        + "\n"
        + verb
        + "\n"
        + namespace;
  }
}
