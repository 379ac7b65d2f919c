package dev.presign.http;

import dev.presign.api.v1alpha1.ConditionTypes;
import dev.presign.api.v1alpha1.Phase;
import dev.presign.api.v1alpha1.Reasons;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestSpec;
import dev.presign.api.v1alpha1.UploadRequestStatus;
import dev.presign.fields.UploadField;
import dev.presign.uploads.IssueOnReceipt;
import dev.presign.uploads.UploadRequestReader;
import dev.presign.uploads.UploadRequestStatuses;
import dev.presign.uploads.Violation;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;

/**
 * The HTTP API's creation flow: record the caller's UploadRequest (recovering a create whose answer
 * was lost) and settle it at once on this replica ({@link IssueOnReceipt}), then wait, without
 * blocking the event loop, until this replica's cache holds it settled (by this replica, or by the
 * leader for what it leaves to the leader: a multipart upload to open, a class not Ready yet).
 */
public final class UploadCreation {
  private final Vertx vertx;
  private final KubernetesClient client;
  private final UploadRequestIndex index;
  private final UploadRequestReader reader;
  private final IssueOnReceipt onReceipt;
  private final UploadNames names;
  private final Duration issueTimeout;

  public UploadCreation(
      Vertx vertx,
      KubernetesClient client,
      UploadRequestIndex index,
      UploadRequestReader reader,
      IssueOnReceipt onReceipt,
      UploadNames names,
      Duration issueTimeout) {
    this.vertx = vertx;
    this.client = client;
    this.index = index;
    this.reader = reader;
    this.onReceipt = onReceipt;
    this.names = names;
    this.issueTimeout = issueTimeout;
  }

  /**
   * Records the request and, where this replica can, signs it or records why it fails (blocking:
   * call it on a worker).
   *
   * @return the request as recorded, settled when this replica could settle it
   */
  public UploadRequest record(CallerAccess.Creator creator, CreateUploadBody body) {
    UploadRequest created = create(creator, body);
    return onReceipt.settle(created).orElse(created);
  }

  private UploadRequest create(CallerAccess.Creator creator, CreateUploadBody body) {
    UploadRequestSpec spec = new UploadRequestSpec(body.originalFileName(), body.fileSize());
    spec.setContentType(body.fileType());
    spec.setUploadTo(body.uploadTo());
    spec.setUploadClassName(body.uploadClass());
    spec.setExpiresInSeconds(body.expiresIn());
    spec.setMetadata(body.metadata());
    // Always explicit: a caller of this API gets multipart only by asking for it, whatever the
    // class's threshold says (the seed's frontends read presigned_post_data).
    spec.setMultipart(body.multipart());
    UploadRequest request = new UploadRequest();
    request.setMetadata(
        new ObjectMetaBuilder()
            .withName(names.next())
            .withNamespace(creator.namespace())
            .addToAnnotations(
                UploadRequestStatuses.CREATED_BY_ANNOTATION, creator.caller().username())
            .build());
    request.setSpec(spec);
    try {
      return client.resource(request).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 422 || e.getCode() == 400) {
        throw ApiError.field(
            UploadField.HTTP_NON_FIELD_ERRORS,
            "the API server refused the upload request: "
                + firstLine(e.getStatus() == null ? null : e.getStatus().getMessage()));
      }
      Optional<ApiError> refused = AbuseLimits.capacityRefusal(creator.namespace(), e);
      if (refused.isPresent()) {
        throw refused.get();
      }
      if (e.getCode() == 403) {
        throw ApiError.detail(
            403,
            "the API server refused to record the upload request in namespace "
                + creator.namespace()
                + ".");
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
          reader
              .named(intended.getMetadata().getNamespace(), intended.getMetadata().getName())
              .orElse(null);
    } catch (KubernetesClientException e) {
      return Optional.empty();
    }
    // The random name already makes a match ours; the creator and the file are checked so that
    // a name taken by anything else is never answered as this caller's upload. (Not the whole
    // spec: the API server may fill in schema defaults.)
    boolean ours =
        found != null
            && found.getSpec() != null
            && Objects.equals(
                UploadRequestStatuses.createdBy(found), UploadRequestStatuses.createdBy(intended))
            && Objects.equals(
                found.getSpec().getOriginalFileName(), intended.getSpec().getOriginalFileName())
            && Objects.equals(found.getSpec().getFileSize(), intended.getSpec().getFileSize());
    return ours ? Optional.of(found) : Optional.empty();
  }

  /** Completes with the issued request, or fails with the error a caller can act on. */
  public Future<UploadRequest> awaitIssued(UploadRequest created) {
    // Even when this replica settled it, the answer waits for this replica's own cache to hold
    // the settled version (one watch event from the API server, not a round trip through the
    // leader): the caller's next call here (complete, download-url) looks the upload up there.
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
                      if (error instanceof CancellationException
                          || (error != null && error.getCause() instanceof CancellationException)) {
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
    Violation violation = Violation.fromCondition(detail.get());
    int code = Reasons.NAMESPACE_NOT_ALLOWED.equals(violation.reason()) ? 403 : 400;
    return ApiError.fieldWithStatus(
        code,
        violation.field() == null
            ? UploadField.HTTP_NON_FIELD_ERRORS
            : violation.field().httpErrorField(),
        violation.message());
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "no detail";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
