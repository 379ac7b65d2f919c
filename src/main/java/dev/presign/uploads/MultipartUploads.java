package dev.presign.uploads;

import dev.presign.api.v1alpha1.UploadRequest;
import java.util.List;

/**
 * The multipart upload of an Issued multipart request, for the front doors (the HTTP API's
 * Companion routes): sign parts, list what S3 holds (resume), complete. The leader created the S3
 * multipart upload and recorded it in {@code status.multipart}; any replica can do all three. Every
 * call works on the request's own key, derived by {@link UploadTargets} from what a tenant cannot
 * write, and on the uploadId of its status only after checking it belongs to that key.
 */
public final class MultipartUploads {

  public MultipartUploads() {}

  /**
   * Signed UploadPart URLs for {@code partNumbers} (each 1..partCount), each bound to its part
   * number and the part's exact length.
   *
   * @throws UploadRefusal CONFLICT naming the field when the request is not an Issued multipart
   *     upload or a part number is out of range; UNAVAILABLE when the class's credentials or the
   *     class cannot be used now
   */
  public List<PresignedPart> presignParts(UploadRequest request, List<Integer> partNumbers) {
    throw UploadRefusal.unavailable("multipart uploads are not implemented yet", 5);
  }

  /**
   * The parts S3 holds for the request's upload, every page of ListParts, by part number.
   *
   * @throws UploadRefusal as {@link #presignParts}; UNAVAILABLE when S3 cannot answer now
   */
  public List<UploadedPart> listParts(UploadRequest request) {
    throw UploadRefusal.unavailable("multipart uploads are not implemented yet", 5);
  }

  /**
   * Completes the upload with the parts S3 lists, after comparing them with the client's list
   * (CONFLICT naming the part that is missing or has another ETag), then confirms the object with
   * HeadObject through the one completion path.
   *
   * @return the request as it is afterwards (Uploaded)
   * @throws UploadRefusal CONFLICT naming the field at fault; UNAVAILABLE when S3 or the API server
   *     cannot be used now
   */
  public UploadRequest complete(UploadRequest request, List<ClientPart> parts) {
    throw UploadRefusal.unavailable("multipart uploads are not implemented yet", 5);
  }
}
