package dev.presign.http;

import dev.presign.api.v1alpha1.Phase;
import dev.presign.api.v1alpha1.SchemaConstraints;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.naming.ContentDisposition;
import dev.presign.naming.ContentTypePolicy;
import dev.presign.signing.PresignedGet;
import dev.presign.uploads.ClassCatalog;
import dev.presign.uploads.InlineNotAllowed;
import dev.presign.uploads.UploadCancellation;
import dev.presign.uploads.UploadCompletion;
import dev.presign.uploads.UploadDownloads;
import dev.presign.uploads.UploadRefusal;
import dev.presign.uploads.UploadRequestReader;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * The upload endpoints, thin: parse, check the caller, call the upload domain, answer. Everything
 * that blocks (TokenReview, SubjectAccessReview, API server calls, S3) runs on a worker pool; the
 * event loop only parses, waits on futures and writes.
 */
public final class UploadHandlers {
  private static final long DEFAULT_DOWNLOAD_SECONDS = 3600;
  private static final String DISPOSITION = "disposition";

  private final WorkerExecutor workers;
  private final CallerAccess access;
  private final UploadCreation creation;
  private final UploadCompletion completion;
  private final UploadDownloads downloads;
  private final UploadCancellation cancellation;
  private final UploadRequestReader reader;
  private final ClassCatalog classes;
  private final ContentTypePolicy contentTypes;
  private final FormView forms;
  private final CreateAdmission admission;

  public UploadHandlers(
      WorkerExecutor workers,
      CallerAccess access,
      UploadCreation creation,
      UploadCompletion completion,
      UploadDownloads downloads,
      UploadCancellation cancellation,
      UploadRequestReader reader,
      ClassCatalog classes,
      ContentTypePolicy contentTypes,
      FormView forms,
      CreateAdmission admission) {
    this.workers = workers;
    this.access = access;
    this.creation = creation;
    this.completion = completion;
    this.downloads = downloads;
    this.cancellation = cancellation;
    this.reader = reader;
    this.classes = classes;
    this.contentTypes = contentTypes;
    this.forms = forms;
    this.admission = admission;
  }

  /** POST /api/v1/uploads/: record an UploadRequest and answer with its signed form once issued. */
  public void create(RoutingContext ctx) {
    String authorization = ctx.request().getHeader("Authorization");
    // Always UTF-8: asString() would decode with the declared charset, and throw for an unknown
    // one.
    Buffer bytes = ctx.body().buffer();
    CreateUploadBody body =
        CreateUploadBody.parse(
            bytes == null ? null : bytes.toString(StandardCharsets.UTF_8), contentTypes);
    String source = source(ctx);
    admission
        .admit(
            CreateAdmission.CREATE,
            access.knownCaller(authorization),
            () ->
                blocking(
                        () ->
                            creation.record(
                                access.mayCreate(authorization, source, body.namespace()), body))
                    .compose(creation::awaitIssued)
                    // Only a form kept in a Secret needs a (blocking) read; the default path
                    // stays on the loop.
                    .compose(
                        issued ->
                            forms.isInSecret(issued)
                                ? blocking(() -> UploadJson.of(issued, forms.forCreator(issued)))
                                : Future.succeededFuture(UploadJson.of(issued))))
        .onSuccess(json -> Responses.json(ctx, 201, json))
        .onFailure(ctx::fail);
  }

  /** GET /api/v1/uploads/{id} */
  public void get(RoutingContext ctx) {
    answerUpload(ctx, "get", CallerAccess.Reader::request);
  }

  /** POST /api/v1/uploads/{id}/complete: HeadObject now, and record the upload. */
  public void complete(RoutingContext ctx) {
    answerUpload(ctx, "get", r -> completion.completeRequested(r.request(), classes));
  }

  /** DELETE /api/v1/uploads/{id}: cancel an upload that is not finished. */
  public void cancel(RoutingContext ctx) {
    answerUpload(ctx, "delete", r -> cancellation.cancel(r.request(), r.caller().username()));
  }

  /**
   * Finds the upload {@code {id}} for a caller allowed to {@code verb} it, applies {@code action}
   * (on a worker) and answers with the upload as JSON.
   */
  private void answerUpload(
      RoutingContext ctx, String verb, Function<CallerAccess.Reader, UploadRequest> action) {
    String authorization = ctx.request().getHeader("Authorization");
    String source = source(ctx);
    String id = ctx.pathParam("id");
    blocking(
            () -> {
              CallerAccess.Reader allowed = access.mayAccess(authorization, source, id, verb);
              UploadRequest result = domain(() -> action.apply(allowed));
              return UploadJson.of(result, forms.shownTo(allowed.caller(), result));
            })
        .onSuccess(json -> Responses.json(ctx, 200, json))
        .onFailure(ctx::fail);
  }

  /** GET /api/v1/uploads/{id}/download-url?expires_in=&response_content_type=&disposition= */
  public void downloadUrl(RoutingContext ctx) {
    String authorization = ctx.request().getHeader("Authorization");
    String id = ctx.pathParam("id");
    String source = source(ctx);
    // Every wrong parameter is named in one answer, as for the create body.
    FieldErrors errors = new FieldErrors();
    Long seconds =
        errors.check("expires_in", () -> queryExpiresIn(ctx.request().getParam("expires_in")));
    String contentType =
        errors.check(
            "response_content_type",
            () -> {
              String value = ctx.request().getParam("response_content_type");
              if (value != null && !contentTypes.isWellFormed(value)) {
                throw ApiError.field(
                    "response_content_type", "must be a media type such as application/pdf");
              }
              return value;
            });
    ContentDisposition.Type disposition =
        errors.check(DISPOSITION, () -> queryDisposition(ctx.request().getParam("disposition")));
    errors.throwIfAny();
    Duration expiresIn = Duration.ofSeconds(seconds);
    blocking(
            () ->
                download(
                    access.mayAccess(authorization, source, id, "get").request(),
                    expiresIn,
                    contentType,
                    disposition))
        .onSuccess(body -> Responses.json(ctx, 200, body))
        .onFailure(ctx::fail);
  }

  private Map<String, Object> download(
      UploadRequest cached,
      Duration expiresIn,
      String contentType,
      ContentDisposition.Type disposition) {
    // The cache can lag right after a /complete (here or on another replica): a caller that
    // completes and then asks for a link must not be told to complete first.
    UploadRequest request =
        isUploaded(cached)
            ? cached
            : domain(() -> reader.current(cached))
                .orElseThrow(() -> ApiError.detail(404, "Not found."));
    if (!isUploaded(request)) {
      throw ApiError.fieldWithStatus(
          409,
          "status",
          "the upload is not complete; POST /api/v1/uploads/"
              + request.getMetadata().getUid()
              + "/complete after uploading");
    }
    PresignedGet url;
    try {
      url = domain(() -> downloads.presign(request, classes, expiresIn, contentType, disposition));
    } catch (InlineNotAllowed e) {
      throw ApiError.field(DISPOSITION, e.getMessage());
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

  /** attachment (the default) or inline; anything else is refused, naming the parameter. */
  private static ContentDisposition.Type queryDisposition(String raw) {
    if (raw == null || raw.isEmpty()) {
      return ContentDisposition.Type.ATTACHMENT;
    }
    for (ContentDisposition.Type type : ContentDisposition.Type.values()) {
      if (type.token().equals(raw)) {
        return type;
      }
    }
    throw ApiError.field(DISPOSITION, "must be 'attachment' (the default) or 'inline'");
  }

  private static long queryExpiresIn(String raw) {
    if (raw == null || raw.isBlank()) {
      return DEFAULT_DOWNLOAD_SECONDS;
    }
    try {
      long value = Long.parseLong(raw.trim());
      if (value >= 1 && value <= SchemaConstraints.SIGV4_MAX_EXPIRES_IN_SECONDS) {
        return value;
      }
    } catch (NumberFormatException e) {
      // fall through to the error below
    }
    throw ApiError.field(
        "expires_in",
        "must be a whole number of seconds from 1 to "
            + SchemaConstraints.SIGV4_MAX_EXPIRES_IN_SECONDS);
  }

  /** Runs a domain call, answering its refusals as HTTP errors. */
  static <T> T domain(java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (UploadRefusal refusal) {
      throw ApiError.of(refusal);
    }
  }

  /**
   * The peer's address as the TCP connection shows it. Never a forwarded-for header: anyone can
   * write one, and it would let a flood pick whose budget it spends.
   */
  static String source(RoutingContext ctx) {
    SocketAddress peer = ctx.request().remoteAddress();
    return peer == null || peer.hostAddress() == null ? "" : peer.hostAddress();
  }

  private <T> Future<T> blocking(Callable<T> work) {
    return workers.executeBlocking(work, false);
  }
}
