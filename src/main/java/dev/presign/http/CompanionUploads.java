package dev.presign.http;

import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestStatus;
import dev.presign.uploads.UploadRequestReader;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which upload a Companion part route ({@code /s3/multipart/:uploadId...?key=}) is about, and
 * whether the caller may touch it. Uppy sends back only the key and the uploadId; the key's file
 * name starts with the upload's id ({@code {uid hex}-{slug}}), so the upload is found by that id,
 * like {@code GET /api/v1/uploads/{id}}, never by a value a tenant can write. It is then refused,
 * always as the same 404 (nothing is disclosed), unless: the caller may {@code verb} uploadrequests
 * in its namespace; that namespace is the caller's own (the only one the Companion routes create
 * in); the key is the upload's key; and the uploadId is its multipart upload's. The domain then
 * checks the status against what it derives itself, and the phase.
 */
final class CompanionUploads {
  private static final Pattern ID_HEX = Pattern.compile("[0-9a-f]{32}");
  private static final int ID_HEX_LENGTH = 32;

  private final CallerAccess access;
  private final UploadRequestReader reader;

  CompanionUploads(CallerAccess access, UploadRequestReader reader) {
    this.access = access;
    this.reader = reader;
  }

  /** The caller and its upload. Blocking. */
  CallerAccess.Reader find(
      String authorization, String source, String uploadId, String key, String verb) {
    String id = idOf(key);
    return current(own(access.mayAccess(authorization, source, id, verb)), uploadId, key);
  }

  /**
   * The caller, allowed to {@code verb} the upload the key names in the caller's own namespace, as
   * {@link #find} checks it, but only from answers already in memory: empty when a review would be
   * needed (then call {@link #find} on a worker; nothing was charged to the namespace). Never
   * blocks. The upload is as this replica's cache has it: check it with {@link #belongs}, else
   * {@link #current}.
   */
  Optional<CallerAccess.Reader> allowedInMemory(String authorization, String key, String verb) {
    return access.mayAccessInMemory(authorization, idOf(key), verb).map(CompanionUploads::own);
  }

  private static String idOf(String key) {
    if (key == null || key.isEmpty()) {
      throw ApiError.field("key", "is required: the key POST /s3/multipart answered");
    }
    return idIn(key).orElseThrow(CompanionUploads::notFound);
  }

  /** The caller's upload, only in the caller's own namespace (the one Companion creates in). */
  private static CallerAccess.Reader own(CallerAccess.Reader allowed) {
    if (!Objects.equals(
        allowed.request().getMetadata().getNamespace(),
        allowed.caller().serviceAccountNamespace())) {
      throw notFound();
    }
    return allowed;
  }

  /** The allowed caller's upload with this uploadId and key. Blocking when the cache lags. */
  CallerAccess.Reader current(CallerAccess.Reader allowed, String uploadId, String key) {
    UploadRequest request = allowed.request();
    if (!belongs(request, uploadId, key)) {
      // This replica's cache can lag behind a create answered by another one: ask once more.
      request =
          UploadHandlers.domain(() -> reader.current(allowed.request()))
              .filter(current -> belongs(current, uploadId, key))
              .orElseThrow(CompanionUploads::notFound);
    }
    return new CallerAccess.Reader(allowed.caller(), request);
  }

  /** The upload's id, from the file name at the end of {@code key}. */
  static Optional<String> idIn(String key) {
    String fileName = key.substring(key.lastIndexOf('/') + 1);
    if (fileName.length() <= ID_HEX_LENGTH
        || fileName.charAt(ID_HEX_LENGTH) != '-'
        || !ID_HEX.matcher(fileName.substring(0, ID_HEX_LENGTH)).matches()) {
      return Optional.empty();
    }
    String hex = fileName.substring(0, ID_HEX_LENGTH);
    return Optional.of(
        hex.substring(0, 8)
            + "-"
            + hex.substring(8, 12)
            + "-"
            + hex.substring(12, 16)
            + "-"
            + hex.substring(16, 20)
            + "-"
            + hex.substring(20));
  }

  /** Whether the key is the upload's key and the uploadId its multipart upload's. */
  static boolean belongs(UploadRequest request, String uploadId, String key) {
    UploadRequestStatus status = request.getStatus();
    return status != null
        && key.equals(status.getKey())
        && status.getMultipart() != null
        && uploadId != null
        && uploadId.equals(status.getMultipart().getUploadId());
  }

  private static ApiError notFound() {
    return ApiError.detail(
        404, "Not found: no multipart upload of yours has this uploadId and key.");
  }
}
