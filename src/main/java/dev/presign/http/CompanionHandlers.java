package dev.presign.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.presign.api.v1alpha1.UploadClass;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestStatus;
import dev.presign.fields.UploadField;
import dev.presign.naming.ContentTypePolicy;
import dev.presign.uploads.ClassCatalog;
import dev.presign.uploads.ClientPart;
import dev.presign.uploads.MultipartUploads;
import dev.presign.uploads.PresignedPart;
import dev.presign.uploads.SignedForm;
import dev.presign.uploads.UploadCancellation;
import dev.presign.uploads.UploadIssuer;
import dev.presign.uploads.UploadRequestReader;
import dev.presign.uploads.UploadedPart;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * Uppy Companion's S3 routes ({@code @uppy/companion} 6.x {@code controllers/s3}), thin: parse,
 * check the caller, call the upload domain, answer in Companion's shapes. A create records an
 * UploadRequest through {@link UploadCreation} like {@code POST /api/v1/uploads/} (same
 * authentication, RBAC, limits, Events and status); the other routes find the upload by its key
 * (which holds the upload's id) and refuse one whose key, uploadId or namespace is not the caller's
 * own. Every answer but the list of parts (a JSON array) carries the upload's {@code id}.
 */
public final class CompanionHandlers {
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private final WorkerExecutor workers;
  private final CallerAccess access;
  private final UploadCreation creation;
  private final UploadCancellation cancellation;
  private final MultipartUploads multipart;
  private final CompanionUploads uploads;
  private final ClassCatalog classes;
  private final ContentTypePolicy contentTypes;
  private final FormView forms;
  private final Clock clock;
  private final CreateAdmission admission;

  public CompanionHandlers(
      WorkerExecutor workers,
      CallerAccess access,
      UploadCreation creation,
      UploadCancellation cancellation,
      MultipartUploads multipart,
      ClassCatalog classes,
      ContentTypePolicy contentTypes,
      FormView forms,
      UploadRequestReader reader,
      Clock clock,
      CreateAdmission admission) {
    this.workers = workers;
    this.access = access;
    this.creation = creation;
    this.cancellation = cancellation;
    this.multipart = multipart;
    this.uploads = new CompanionUploads(access, reader);
    this.classes = classes;
    this.contentTypes = contentTypes;
    this.forms = forms;
    this.clock = clock;
    this.admission = admission;
  }

  /** GET /s3/params?filename=&type=&metadata[k]=v: a single POST (or PUT) upload. */
  public void params(RoutingContext ctx) {
    CompanionCreate file = CompanionCreate.fromQuery(ctx.queryParams(), contentTypes);
    create(ctx, CreateAdmission.COMPANION_PARAMS, file.toBody(uploadClass(ctx), false))
        .compose(
            issued ->
                forms.isInSecret(issued)
                    ? blocking(() -> params(issued, forms.forCreator(issued)))
                    : Future.succeededFuture(
                        params(issued, SignedForm.inStatus(issued.getStatus()))))
        .onSuccess(json -> Responses.json(ctx, 200, json))
        .onFailure(ctx::fail);
  }

  /** POST /s3/multipart with {filename, type, metadata}: a multipart upload. */
  public void createMultipart(RoutingContext ctx) {
    CompanionCreate file = CompanionCreate.fromJson(json(ctx), contentTypes);
    create(ctx, CreateAdmission.COMPANION_CREATE, file.toBody(uploadClass(ctx), true))
        .map(this::created)
        .onSuccess(json -> Responses.json(ctx, 200, json))
        .onFailure(ctx::fail);
  }

  /** GET /s3/multipart/:uploadId?key=: every part S3 holds, for resume. */
  public void listParts(RoutingContext ctx) {
    onUpload(
        ctx,
        "get",
        request -> {
          List<UploadedPart> parts = UploadHandlers.domain(() -> multipart.listParts(request));
          return parts.stream()
              .map(
                  part -> {
                    Map<String, Object> json = new LinkedHashMap<>();
                    json.put("PartNumber", part.partNumber());
                    json.put("ETag", quoted(part.etag()));
                    json.put("Size", part.size());
                    return json;
                  })
              .toList();
        });
  }

  /** GET /s3/multipart/:uploadId/:partNumber?key=: one signed UploadPart URL. */
  public void signPart(RoutingContext ctx) {
    int partNumber = CompanionParts.single(ctx.pathParam("partNumber"));
    onUploadSigning(
        ctx,
        request -> {
          PresignedPart part =
              UploadHandlers.domain(() -> multipart.presignParts(request, List.of(partNumber)))
                  .get(0);
          Map<String, Object> json = new LinkedHashMap<>();
          json.put("url", part.url());
          json.put("expires", secondsUntil(part.expiresAt()));
          json.put("id", request.getMetadata().getUid());
          return json;
        });
  }

  /** GET /s3/multipart/:uploadId/batch?key=&partNumbers=1,2: several signed URLs. */
  public void signParts(RoutingContext ctx) {
    List<Integer> partNumbers = CompanionParts.batch(single(ctx, CompanionParts.PART_NUMBERS));
    // On a worker: a batch of up to 1,000 signatures would hold the event loop too long.
    onUpload(
        ctx,
        "get",
        request -> {
          Map<String, Object> urls = new LinkedHashMap<>();
          for (PresignedPart part :
              UploadHandlers.domain(() -> multipart.presignParts(request, partNumbers))) {
            urls.put(Integer.toString(part.partNumber()), part.url());
          }
          Map<String, Object> json = new LinkedHashMap<>();
          json.put("presignedUrls", urls);
          json.put("id", request.getMetadata().getUid());
          return json;
        });
  }

  /** POST /s3/multipart/:uploadId/complete?key= with {parts: [{PartNumber, ETag}]}. */
  public void complete(RoutingContext ctx) {
    List<ClientPart> parts = CompanionParts.completed(json(ctx));
    onUpload(
        ctx,
        "get",
        request -> {
          UploadRequest done = UploadHandlers.domain(() -> multipart.complete(request, parts));
          UploadRequestStatus status = done.getStatus();
          Map<String, Object> json = new LinkedHashMap<>();
          json.put("location", location(status));
          json.put("key", status.getKey());
          json.put("bucket", status.getBucket());
          json.put("id", done.getMetadata().getUid());
          return json;
        });
  }

  /** DELETE /s3/multipart/:uploadId?key=: cancel, which aborts the multipart upload. */
  public void abort(RoutingContext ctx) {
    String authorization = ctx.request().getHeader("Authorization");
    String source = UploadHandlers.source(ctx);
    String uploadId = ctx.pathParam("uploadId");
    String key = single(ctx, "key");
    blocking(
            () -> {
              CallerAccess.Reader allowed =
                  uploads.find(authorization, source, uploadId, key, "delete");
              UploadRequest cancelled =
                  UploadHandlers.domain(
                      () -> cancellation.cancel(allowed.request(), allowed.caller().username()));
              return Map.of("id", cancelled.getMetadata().getUid());
            })
        .onSuccess(json -> Responses.json(ctx, 200, json))
        .onFailure(ctx::fail);
  }

  /** Records and awaits an upload within the same bound on creates in flight as the seed API. */
  private Future<UploadRequest> create(RoutingContext ctx, String route, CreateUploadBody body) {
    String authorization = ctx.request().getHeader("Authorization");
    String source = UploadHandlers.source(ctx);
    // The caller's own namespace: Uppy's metadata comes from the browser, so it chooses nothing
    // the app has not (the class comes from the path, which the app's proxy fixes).
    return admission.admit(
        route,
        access.knownCaller(authorization),
        () ->
            blocking(() -> creation.record(access.mayCreate(authorization, source, null), body))
                .compose(creation::awaitIssued));
  }

  /** Finds the caller's multipart upload {@code :uploadId} with {@code ?key=}, then answers. */
  private void onUpload(RoutingContext ctx, String verb, Function<UploadRequest, Object> action) {
    String authorization = ctx.request().getHeader("Authorization");
    String source = UploadHandlers.source(ctx);
    String uploadId = ctx.pathParam("uploadId");
    String key = single(ctx, "key");
    blocking(() -> action.apply(uploads.find(authorization, source, uploadId, key, verb).request()))
        .onSuccess(json -> Responses.json(ctx, 200, json))
        .onFailure(ctx::fail);
  }

  /**
   * As {@link #onUpload} with verb {@code get}, for signing one part, which is local work: when
   * every answer it needs is in memory (the caller's cached TokenReview and SubjectAccessReview,
   * the informer's cache, credentials from a Secret) the part is signed on the event loop, sparing
   * two thread hops that cost more than the signature on a busy node; otherwise on a worker, as
   * before. The same checks run either way.
   */
  private void onUploadSigning(RoutingContext ctx, Function<UploadRequest, Object> action) {
    String authorization = ctx.request().getHeader("Authorization");
    String uploadId = ctx.pathParam("uploadId");
    String key = single(ctx, "key");
    Optional<CallerAccess.Reader> allowed = uploads.allowedInMemory(authorization, key, "get");
    if (allowed.isEmpty()) {
      onUpload(ctx, "get", action);
      return;
    }
    UploadRequest cached = allowed.get().request();
    if (CompanionUploads.belongs(cached, uploadId, key) && multipart.signsInMemory(cached)) {
      Responses.json(ctx, 200, action.apply(cached));
      return;
    }
    blocking(() -> action.apply(uploads.current(allowed.get(), uploadId, key).request()))
        .onSuccess(json -> Responses.json(ctx, 200, json))
        .onFailure(ctx::fail);
  }

  private Map<String, Object> params(UploadRequest issued, SignedForm form) {
    Map<String, Object> json = new LinkedHashMap<>();
    UploadRequestStatus status = issued.getStatus();
    if (form.post() != null) {
      json.put("method", "POST");
      json.put("url", form.post().getUrl());
      json.put("fields", form.post().getFields());
    } else if (form.put() != null) {
      json.put("method", "PUT");
      json.put("url", form.put().getUrl());
      // Companion's clients read fields.key: a PUT has no form, so the key is its only field.
      json.put("fields", Map.of("key", status.getKey()));
      json.put("headers", form.put().getHeaders());
    } else {
      // Signed and issued, yet no form: one kept in a Secret the caller may not read.
      throw ApiError.unavailable("The upload was signed but its form is not available.", 2);
    }
    if (status.getExpiresAt() != null) {
      json.put("expires", secondsUntil(Instant.parse(status.getExpiresAt())));
    }
    json.put("id", issued.getMetadata().getUid());
    json.put("key", status.getKey());
    return json;
  }

  private Map<String, Object> created(UploadRequest issued) {
    UploadRequestStatus status = issued.getStatus();
    if (status.getMultipart() == null) {
      throw ApiError.unavailable("The upload was issued without its multipart upload.", 2);
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("key", status.getKey());
    json.put("uploadId", status.getMultipart().getUploadId());
    json.put("bucket", status.getBucket());
    json.put("id", issued.getMetadata().getUid());
    json.put("partSize", status.getMultipart().getPartSize());
    json.put("partCount", status.getMultipart().getPartCount());
    return json;
  }

  /** The object's URL, as S3 reports {@code Location} (not signed: a link, not access). */
  private String location(UploadRequestStatus status) {
    return classes
        .byName(status.getUploadClassName())
        .map(UploadClass::getSpec)
        .map(spec -> UploadIssuer.endpointOf(spec).objectUrl(status.getBucket(), status.getKey()))
        .orElse(null);
  }

  /**
   * An ETag as S3's ListParts gives it and Companion passes it on: in double quotes. Uppy sends it
   * back at completion as it got it (5.x), or without quotes (6.x strips them); either is compared
   * with what S3 holds.
   */
  private static String quoted(String etag) {
    return etag == null || etag.startsWith("\"") ? etag : "\"" + etag + "\"";
  }

  private long secondsUntil(Instant when) {
    return Math.max(0, Duration.between(clock.instant(), when).toSeconds());
  }

  /** The class named by the mount path, if any, checked like the seed API's upload_class. */
  private static String uploadClass(RoutingContext ctx) {
    String name = ctx.pathParam("class");
    if (name != null && !CreateUploadBody.isClassName(name)) {
      throw ApiError.field(
          "class", "must be the name of an UploadClass (lowercase letters, digits, '-' and '.')");
    }
    return name;
  }

  /** A query parameter given at most once. */
  private static String single(RoutingContext ctx, String name) {
    List<String> values = ctx.queryParam(name);
    if (values.size() > 1) {
      throw ApiError.field(name, "must be given once");
    }
    return values.isEmpty() ? null : values.get(0);
  }

  private static JsonNode json(RoutingContext ctx) {
    Buffer bytes = ctx.body().buffer();
    try {
      return JSON.readTree(bytes == null ? "" : bytes.toString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw ApiError.field(
          UploadField.HTTP_NON_FIELD_ERRORS,
          "the request body must be one JSON object, without repeated keys");
    }
  }

  private <T> Future<T> blocking(Callable<T> work) {
    return workers.executeBlocking(work, false);
  }
}
