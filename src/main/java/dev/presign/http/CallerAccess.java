package dev.presign.http;

import dev.presign.api.v1alpha1.GroupVersion;
import dev.presign.api.v1alpha1.UploadRequest;
import java.util.Optional;

/**
 * Who is calling and what they may do, the Kubernetes way: TokenReview (rationed per source address
 * and in flight before anyone is known, see {@link ReviewGate}), then SubjectAccessReview on
 * uploadrequests in the namespace, then the namespace's abuse limits (charged only to callers
 * allowed there, so nobody can spend another namespace's budget).
 */
public final class CallerAccess {
  private final TokenAuthenticator authenticator;
  private final AccessReviewer access;
  private final UploadRequestIndex index;
  private final AbuseLimits limits;

  public CallerAccess(
      TokenAuthenticator authenticator,
      AccessReviewer access,
      UploadRequestIndex index,
      AbuseLimits limits) {
    this.authenticator = authenticator;
    this.access = access;
    this.index = index;
    this.limits = limits;
  }

  /**
   * The caller ({@code source}: its network address), allowed to create uploads in the namespace it
   * asked for (or its own), within its namespace's limits.
   */
  public Creator mayCreate(String authorization, String source, String requestedNamespace) {
    Caller caller = authenticator.authenticate(authorization, source);
    String namespace =
        requestedNamespace != null ? requestedNamespace : caller.serviceAccountNamespace();
    if (namespace == null) {
      throw ApiError.field(
          "namespace",
          "is required for callers that are not ServiceAccounts: the namespace to record the upload in");
    }
    if (!index.watches(namespace)) {
      throw ApiError.fieldWithStatus(
          403,
          "namespace",
          "uploads in namespace " + namespace + " are not handled by this operator");
    }
    if (!access.allowed(caller, "create", namespace)) {
      throw ApiError.detail(
          403,
          caller.username()
              + " may not create uploadrequests."
              + GroupVersion.GROUP
              + " in namespace "
              + namespace
              + ".");
    }
    // Limits come after authentication and authorization (both cached), so only a caller allowed
    // in the namespace can spend its budget, and before the write, the expensive part.
    limits.chargeRequest(namespace);
    limits.checkOutstanding(namespace);
    return new Creator(caller, namespace);
  }

  /**
   * The upload, if the caller may {@code verb} uploads in its namespace; 404 otherwise (never 403:
   * ids are not disclosed).
   */
  public Reader mayAccess(String authorization, String source, String id, String verb) {
    Caller caller = authenticator.authenticate(authorization, source);
    Optional<UploadRequest> request = index.byId(id);
    if (request.isEmpty()
        || !access.allowed(caller, verb, request.get().getMetadata().getNamespace())) {
      throw ApiError.detail(404, "Not found.");
    }
    limits.chargeRequest(request.get().getMetadata().getNamespace());
    return new Reader(caller, request.get());
  }

  /**
   * As {@link #mayAccess}, with the same checks in the same order, but only from answers already in
   * memory (cached TokenReview and SubjectAccessReview answers, the informer's cache): empty when a
   * review would be needed, and then nothing has been charged to the namespace (call {@link
   * #mayAccess} on a worker). Never blocks, so it may run on the event loop.
   */
  public Optional<Reader> mayAccessInMemory(String authorization, String id, String verb) {
    Optional<Caller> caller = authenticator.remembered(authorization);
    if (caller.isEmpty()) {
      return Optional.empty();
    }
    Optional<UploadRequest> request = index.byId(id);
    if (request.isEmpty()) {
      throw ApiError.detail(404, "Not found.");
    }
    String namespace = request.get().getMetadata().getNamespace();
    Optional<Boolean> allowed = access.remembered(caller.get(), verb, namespace);
    if (allowed.isEmpty()) {
      return Optional.empty();
    }
    if (!allowed.get()) {
      throw ApiError.detail(404, "Not found.");
    }
    limits.chargeRequest(namespace);
    return Optional.of(new Reader(caller.get(), request.get()));
  }

  /**
   * Whether the caller's token was accepted recently, from memory only (see {@link
   * TokenAuthenticator#known}); it says nothing yet about what the caller may do.
   *
   * @throws ApiError 401 without a well-formed token
   */
  public boolean knownCaller(String authorization) {
    return authenticator.known(authorization);
  }

  /** A caller allowed to create uploads in {@code namespace}. */
  public record Creator(Caller caller, String namespace) {}

  /** A caller and the upload (from this replica's cache) it may read or change. */
  public record Reader(Caller caller, UploadRequest request) {}
}
