package dev.presign.http;

import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestSpec;
import dev.presign.api.v1alpha1.UploadRequestStatus;
import dev.presign.uploads.SignedForm;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An UploadRequest as the seed's API showed an upload: the DRF serializer's fields first, in its
 * order, then what this API adds ({@code key}, {@code status}, {@code expires_at}, ...).
 */
public final class UploadJson {
  private UploadJson() {}

  /** The upload with the form its status carries (status delivery). */
  public static Map<String, Object> of(UploadRequest request) {
    return of(request, SignedForm.inStatus(request.getStatus()));
  }

  /**
   * The upload with {@code form} as its signed form ({@link FormView} decides which one a caller
   * gets; a form in a Secret is never in the status).
   */
  public static Map<String, Object> of(UploadRequest request, SignedForm form) {
    UploadRequestStatus status =
        request.getStatus() == null ? new UploadRequestStatus() : request.getStatus();
    // A cluster that does not apply the CRD schema can hold an UploadRequest without a spec (the
    // operator fails it), and a status can be written by hand: both must still be shown.
    UploadRequestSpec spec =
        request.getSpec() == null ? new UploadRequestSpec() : request.getSpec();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", request.getMetadata().getUid());
    json.put("original_file_name", spec.getOriginalFileName());
    json.put("file_name", status.getFileName());
    json.put("file_size", spec.getFileSize());
    json.put(
        "file_type", status.getFileType() != null ? status.getFileType() : spec.getContentType());
    json.put("upload_to", status.getUploadTo() != null ? status.getUploadTo() : spec.getUploadTo());
    json.put("created_at", request.getMetadata().getCreationTimestamp());
    // From the annotation the HTTP API wrote (admission-protected), never from the status a tenant
    // may write.
    json.put("created_by", dev.presign.uploads.UploadRequestStatuses.createdBy(request));
    if (form.post() != null) {
      json.put(
          "presigned_post_data",
          pair("url", form.post().getUrl(), "fields", form.post().getFields()));
    }
    if (form.put() != null) {
      json.put(
          "presigned_put_data",
          pair("url", form.put().getUrl(), "headers", form.put().getHeaders()));
    }
    if (status.getMultipart() != null) {
      // No URL here: parts are signed on demand (the Companion routes), one request each.
      Map<String, Object> multipart = new LinkedHashMap<>();
      multipart.put("upload_id", status.getMultipart().getUploadId());
      multipart.put("part_size", status.getMultipart().getPartSize());
      multipart.put("part_count", status.getMultipart().getPartCount());
      json.put("multipart", multipart);
    }
    if (status.getFormSecretName() != null) {
      json.put("form_secret_name", status.getFormSecretName());
    }
    json.put("status", status.getPhase() == null ? "Pending" : status.getPhase().value());
    json.put("key", status.getKey());
    json.put("bucket", status.getBucket());
    json.put("upload_class", status.getUploadClassName());
    json.put("expires_at", status.getExpiresAt());
    json.put("uploaded_at", status.getUploadedAt());
    if (status.getObject() != null) {
      json.put("etag", status.getObject().getEtag());
      json.put("uploaded_size", status.getObject().getSize());
    }
    json.put("namespace", request.getMetadata().getNamespace());
    json.put("name", request.getMetadata().getName());
    return json;
  }

  /** Two entries in this order, either of them possibly null (Map.of refuses nulls). */
  private static Map<String, Object> pair(String k1, Object v1, String k2, Object v2) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put(k1, v1);
    map.put(k2, v2);
    return map;
  }
}
