package dev.presign.http;

import dev.presign.api.v1alpha1.ConditionTypes;
import dev.presign.api.v1alpha1.GroupVersion;
import dev.presign.api.v1alpha1.Phase;
import dev.presign.api.v1alpha1.Reasons;
import dev.presign.api.v1alpha1.UploadClass;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestSpec;
import dev.presign.api.v1alpha1.UploadRequestStatus;
import dev.presign.naming.ContentTypePolicy;
import dev.presign.s3.CredentialsException;
import dev.presign.s3.ObjectStoreException;
import dev.presign.signing.ObjectUrlPresigner;
import dev.presign.signing.PresignedGet;
import dev.presign.signing.SigningCredentials;
import dev.presign.uploads.ClassCredentials;
import dev.presign.uploads.EventRecorder;
import dev.presign.uploads.FieldNames;
import dev.presign.uploads.UploadConfirmer;
import dev.presign.uploads.UploadIssuer;
import dev.presign.uploads.UploadRequestStatuses;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The upload endpoints. Everything that blocks (TokenReview, SubjectAccessReview, API server
 * writes, S3 HEADs) runs on a worker pool; the event loop only parses, waits on futures and writes.
 */
public final class UploadsApi {
  private final Vertx vertx;
  private final WorkerExecutor workers;
  private final TokenAuthenticator authenticator;
  private final AccessReviewer access;
  private final UploadRequestIndex index;
  private final KubernetesClient client;
  private final ClassCredentials classCredentials;
  private final UploadConfirmer confirmer;
  private final UploadRequestStatuses statuses;
  private final ObjectUrlPresigner presigner;
  private final ContentTypePolicy contentTypes;
  private final Clock clock;
  private final Duration issueTimeout;
  private final EventRecorder events;
  private final AbuseLimits limits;
  private final UploadNames names;

  public UploadsApi(
      Vertx vertx,
      WorkerExecutor workers,
      TokenAuthenticator authenticator,
      AccessReviewer access,
      UploadRequestIndex index,
      KubernetesClient client,
      ClassCredentials classCredentials,
      UploadConfirmer confirmer,
      UploadRequestStatuses statuses,
      ObjectUrlPresigner presigner,
      ContentTypePolicy contentTypes,
      Clock clock,
      Duration issueTimeout,
      EventRecorder events,
      AbuseLimits limits,
      UploadNames names) {
    this.vertx = vertx;
    this.workers = workers;
    this.authenticator = authenticator;
    this.access = access;
    this.index = index;
    this.client = client;
    this.classCredentials = classCredentials;
    this.confirmer = confirmer;
    this.statuses = statuses;
    this.presigner = presigner;
    this.contentTypes = contentTypes;
    this.clock = clock;
    this.issueTimeout = issueTimeout;
    this.events = events;
    this.limits = limits;
    this.names = names;
  }

  /** POST /api/v1/uploads/: record an UploadRequest and answer with its signed form once issued. */
  public void create(RoutingContext ctx) {
    String authorization = ctx.request().getHeader("Authorization");
    // Always UTF-8: asString() would decode with the declared charset, and throw for an unknown
    // one.
    io.vertx.core.buffer.Buffer bytes = ctx.body().buffer();
    CreateUploadBody body =
        CreateUploadBody.parse(
            bytes == null ? null : bytes.toString(java.nio.charset.StandardCharsets.UTF_8),
            contentTypes);
    blocking(() -> createRequest(authorization, body))
        .compose(this::awaitIssued)
        .map(UploadJson::of)
        .onSuccess(json -> Responses.json(ctx, 201, json))
        .onFailure(ctx::fail);
  }

  private UploadRequest createRequest(String authorization, CreateUploadBody body) {
    Caller caller = authenticator.authenticate(authorization);
    String namespace =
        body.namespace() != null ? body.namespace() : caller.serviceAccountNamespace();
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
    UploadRequestSpec spec = new UploadRequestSpec(body.originalFileName(), body.fileSize());
    spec.setContentType(body.fileType());
    spec.setUploadTo(body.uploadTo());
    spec.setUploadClassName(body.uploadClass());
    spec.setExpiresInSeconds(body.expiresIn());
    spec.setMetadata(body.metadata());
    UploadRequest request = new UploadRequest();
    request.setMetadata(
        new ObjectMetaBuilder()
            .withName(names.next())
            .withNamespace(namespace)
            .addToAnnotations(UploadRequestStatuses.CREATED_BY_ANNOTATION, caller.username())
            .build());
    request.setSpec(spec);
    try {
      return client.resource(request).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 422 || e.getCode() == 400) {
        throw ApiError.field(
            "non_field_errors",
            "the API server refused the upload request: "
                + firstLine(e.getStatus() == null ? null : e.getStatus().getMessage()));
      }
      Optional<ApiError> quota = AbuseLimits.quotaRefusal(namespace, e);
      if (quota.isPresent()) {
        throw quota.get();
      }
      if (e.getCode() == 403) {
        throw ApiError.detail(
            403,
            "the API server refused to record the upload request in namespace " + namespace + ".");
      }
      // 409 (the name is taken: a try whose answer was lost may have created it), a 5xx or a
      // timeout: the create may have landed. If it did, it is this call's upload; answering 503
      // would leave it signed and unknown to the caller, who would then record a second one.
      return landed(request)
          .orElseThrow(
              () ->
                  ApiError.unavailable(
                      "The Kubernetes API server could not record the upload request"
                          + (e.getCode() > 0 ? " (HTTP " + e.getCode() + ")" : "")
                          + "; try again shortly.",
                      2));
    }
  }

  /** The request as recorded by a create whose answer was lost, if it was recorded. */
  private Optional<UploadRequest> landed(UploadRequest intended) {
    UploadRequest found;
    try {
      found =
          client
              .resources(UploadRequest.class)
              .inNamespace(intended.getMetadata().getNamespace())
              .withName(intended.getMetadata().getName())
              .get();
    } catch (KubernetesClientException e) {
      return Optional.empty();
    }
    // The random name already makes a match ours; the creator and the file are checked so that
    // a name taken by anything else is never answered as this caller's upload. (Not the whole
    // spec: the API server may fill in schema defaults.)
    boolean ours =
        found != null
            && found.getSpec() != null
            && java.util.Objects.equals(
                UploadRequestStatuses.createdBy(found), UploadRequestStatuses.createdBy(intended))
            && java.util.Objects.equals(
                found.getSpec().getOriginalFileName(), intended.getSpec().getOriginalFileName())
            && java.util.Objects.equals(
                found.getSpec().getFileSize(), intended.getSpec().getFileSize());
    return ours ? Optional.of(found) : Optional.empty();
  }

  /** Waits, without blocking the event loop, for the leader to issue or refuse the request. */
  private Future<UploadRequest> awaitIssued(UploadRequest created) {
    Promise<UploadRequest> promise = Promise.promise();
    long timer =
        vertx.setTimer(
            issueTimeout.toMillis(),
            t -> {
              Map<String, Object> body = new LinkedHashMap<>();
              body.put(
                  "detail",
                  "The upload was recorded but not signed within "
                      + issueTimeout.toSeconds()
                      + "s; GET it by id shortly.");
              body.put("id", created.getMetadata().getUid());
              promise.tryFail(ApiError.unavailable(body, 2));
            });
    index
        .whenSettled(created)
        .whenComplete(
            (settled, error) ->
                vertx.runOnContext(
                    v -> {
                      vertx.cancelTimer(timer);
                      if (error instanceof java.util.concurrent.CancellationException
                          || (error != null
                              && error.getCause()
                                  instanceof java.util.concurrent.CancellationException)) {
                        promise.tryFail(
                            ApiError.unavailable(
                                "This replica is shutting down; the upload was recorded, GET it by id from another.",
                                1));
                      } else if (error != null) {
                        promise.tryFail(error);
                      } else if (settled.getStatus() == null
                          || settled.getStatus().getPhase() != Phase.ISSUED) {
                        promise.tryFail(refusal(settled));
                      } else {
                        promise.tryComplete(settled);
                      }
                    }));
    return promise.future();
  }

  /** GET /api/v1/uploads/{id} */
  public void get(RoutingContext ctx) {
    String authorization = ctx.request().getHeader("Authorization");
    String id = ctx.pathParam("id");
    blocking(() -> readable(authorization, id))
        .map(UploadJson::of)
        .onSuccess(json -> Responses.json(ctx, 200, json))
        .onFailure(ctx::fail);
  }

  /** POST /api/v1/uploads/{id}/complete: HeadObject now, and record the upload. */
  public void complete(RoutingContext ctx) {
    String authorization = ctx.request().getHeader("Authorization");
    String id = ctx.pathParam("id");
    blocking(() -> confirm(readable(authorization, id)))
        .map(UploadJson::of)
        .onSuccess(json -> Responses.json(ctx, 200, json))
        .onFailure(ctx::fail);
  }

  private UploadRequest confirm(UploadRequest request) {
    Phase phase = request.getStatus() == null ? null : request.getStatus().getPhase();
    if (phase == Phase.UPLOADED) {
      return request;
    }
    if (phase != Phase.ISSUED) {
      throw ApiError.fieldWithStatus(
          409,
          "status",
          "the upload is "
              + (phase == null ? "Pending" : phase.value())
              + "; only an Issued upload can be completed");
    }
    UploadClass uploadClass = classOf(request);
    Optional<UploadConfirmer.Confirmation> found;
    try {
      SigningCredentials credentials =
          classCredentials.resolve(uploadClass.getSpec()).credentials();
      found = confirmer.check(request, UploadIssuer.endpointOf(uploadClass.getSpec()), credentials);
    } catch (ObjectStoreException e) {
      // The cause names the endpoint and the HTTP status or connection failure, never a secret:
      // "HTTP 403" and "cannot reach" call for different people.
      throw ApiError.unavailable(
          "S3 could not be asked about the upload now (" + e.getMessage() + "); try again shortly.",
          5);
    } catch (CredentialsException e) {
      throw ApiError.unavailable(
          "S3 could not be asked about the upload now (the upload class's credentials are not"
              + " usable); try again shortly.",
          5);
    }
    if (found.isEmpty()) {
      throw ApiError.fieldWithStatus(
          409,
          "file",
          "nothing has been uploaded to "
              + request.getStatus().getKey()
              + " yet; POST the file to presigned_post_data.url first");
    }
    UploadRequestStatus next =
        found.get().matches()
            ? statuses.uploaded(
                request,
                found.get().object(),
                found.get().object().lastModified() != null
                    ? found.get().object().lastModified()
                    : clock.instant())
            : statuses.failed(request, found.get().mismatch());
    UploadRequest fresh = new UploadRequest();
    fresh.setMetadata(
        new ObjectMetaBuilder()
            .withName(request.getMetadata().getName())
            .withNamespace(request.getMetadata().getNamespace())
            .build());
    fresh.setStatus(next);
    UploadRequest patched;
    try {
      patched =
          client
              .resources(UploadRequest.class)
              .inNamespace(request.getMetadata().getNamespace())
              .resource(fresh)
              .patchStatus();
    } catch (KubernetesClientException e) {
      throw ApiError.unavailable(
          "The Kubernetes API server could not record the upload (HTTP "
              + e.getCode()
              + "); try again shortly.",
          2);
    }
    if (!found.get().matches()) {
      events.record(
          request,
          EventRecorder.WARNING,
          found.get().mismatch().reason(),
          found.get().mismatch().describe());
      throw ApiError.fieldWithStatus(409, "file", found.get().mismatch().message());
    }
    events.record(
        request,
        EventRecorder.NORMAL,
        Reasons.UPLOADED,
        found.get().object().size()
            + " bytes arrived at "
            + request.getStatus().getKey()
            + " (confirmed by /complete, etag "
            + found.get().object().etag()
            + ")");
    return patched;
  }

  /** GET /api/v1/uploads/{id}/download-url?expires_in=&response_content_type= */
  public void downloadUrl(RoutingContext ctx) {
    String authorization = ctx.request().getHeader("Authorization");
    String id = ctx.pathParam("id");
    Duration expiresIn = Duration.ofSeconds(queryExpiresIn(ctx.request().getParam("expires_in")));
    String contentType = ctx.request().getParam("response_content_type");
    if (contentType != null && !contentTypes.isWellFormed(contentType)) {
      throw ApiError.field("response_content_type", "must be a media type such as application/pdf");
    }
    blocking(() -> download(readable(authorization, id), expiresIn, contentType))
        .onSuccess(body -> Responses.json(ctx, 200, body))
        .onFailure(ctx::fail);
  }

  private Map<String, Object> download(
      UploadRequest cached, Duration expiresIn, String contentType) {
    UploadRequest request = isUploaded(cached) ? cached : fromApiServer(cached);
    if (!isUploaded(request)) {
      throw ApiError.fieldWithStatus(
          409,
          "status",
          "the upload is not complete; POST /api/v1/uploads/"
              + request.getMetadata().getUid()
              + "/complete after uploading");
    }
    UploadClass uploadClass = classOf(request);
    PresignedGet url;
    try {
      SigningCredentials credentials =
          classCredentials.resolve(uploadClass.getSpec()).credentials();
      url =
          presigner.presignGet(
              UploadIssuer.endpointOf(uploadClass.getSpec()),
              request.getStatus().getBucket(),
              request.getStatus().getKey(),
              expiresIn,
              contentType,
              null,
              credentials);
    } catch (CredentialsException | IllegalStateException e) {
      throw ApiError.unavailable(
          "The upload's class has no usable credentials now; try again shortly.", 10);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", request.getMetadata().getUid());
    body.put("url", url.url());
    body.put("expires_at", url.expiresAt().toString());
    return body;
  }

  private static boolean isUploaded(UploadRequest request) {
    return request.getStatus() != null && request.getStatus().getPhase() == Phase.UPLOADED;
  }

  /**
   * The request as the API server has it now. The index is an informer cache: right after a {@code
   * /complete} (on this replica or another) it can still show the upload as Issued, and a caller
   * that completes and then asks for a download URL must not be told to complete first.
   */
  private UploadRequest fromApiServer(UploadRequest cached) {
    UploadRequest current;
    try {
      current =
          client
              .resources(UploadRequest.class)
              .inNamespace(cached.getMetadata().getNamespace())
              .withName(cached.getMetadata().getName())
              .get();
    } catch (KubernetesClientException e) {
      throw ApiError.unavailable(
          "The Kubernetes API server could not be reached; try again shortly.", 2);
    }
    if (current == null || !cached.getMetadata().getUid().equals(current.getMetadata().getUid())) {
      throw ApiError.detail(404, "Not found.");
    }
    return current;
  }

  /**
   * The upload, if the caller may read uploads in its namespace; 404 otherwise (never 403: ids are
   * not disclosed).
   */
  private UploadRequest readable(String authorization, String id) {
    Caller caller = authenticator.authenticate(authorization);
    Optional<UploadRequest> request = index.byId(id);
    if (request.isEmpty()
        || !access.allowed(caller, "get", request.get().getMetadata().getNamespace())) {
      throw ApiError.detail(404, "Not found.");
    }
    limits.chargeRequest(request.get().getMetadata().getNamespace());
    return request.get();
  }

  private UploadClass classOf(UploadRequest request) {
    try {
      UploadClass uploadClass =
          client
              .resources(UploadClass.class)
              .withName(request.getStatus().getUploadClassName())
              .get();
      if (uploadClass == null) {
        throw ApiError.fieldWithStatus(
            409,
            "upload_class",
            "UploadClass " + request.getStatus().getUploadClassName() + " no longer exists");
      }
      return uploadClass;
    } catch (KubernetesClientException e) {
      throw ApiError.unavailable(
          "The Kubernetes API server could not be reached; try again shortly.", 2);
    }
  }

  /** A request the operator refused, as the HTTP error a caller can act on. */
  private static ApiError refusal(UploadRequest settled) {
    UploadRequestStatus status = settled.getStatus();
    Optional<Condition> detail =
        status == null
            ? Optional.empty()
            : status
                .findCondition(ConditionTypes.DENIED)
                .or(() -> status.findCondition(ConditionTypes.FAILED));
    if (detail.isEmpty()) {
      return ApiError.unavailable(
          "The upload request disappeared before it was signed; try again.", 1);
    }
    String message = detail.get().getMessage();
    int colon = message.indexOf(": ");
    String specField = colon > 0 ? message.substring(0, colon) : "";
    String text = colon > 0 ? message.substring(colon + 2) : message;
    int code = Reasons.NAMESPACE_NOT_ALLOWED.equals(detail.get().getReason()) ? 403 : 400;
    return ApiError.fieldWithStatus(code, FieldNames.apiField(specField), text);
  }

  private static long queryExpiresIn(String raw) {
    if (raw == null || raw.isBlank()) {
      return 3600;
    }
    try {
      long value = Long.parseLong(raw.trim());
      if (value >= 1 && value <= 604800) {
        return value;
      }
    } catch (NumberFormatException e) {
      // fall through to the error below
    }
    throw ApiError.field("expires_in", "must be a whole number of seconds from 1 to 604800");
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "no detail";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private <T> Future<T> blocking(Callable<T> work) {
    return workers.executeBlocking(work, false);
  }
}
