package dev.presign.uploads;

import dev.presign.api.v1alpha1.Reasons;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestStatus;
import dev.presign.s3.ObjectStore;
import dev.presign.s3.StoredObject;
import dev.presign.signing.BucketEndpoint;
import dev.presign.signing.SigningCredentials;
import java.util.Locale;
import java.util.Optional;

/**
 * Asks S3 whether an issued upload arrived and whether it is what was signed. S3 enforces the size
 * and type of a POST or PUT it accepts, so a mismatch means something else wrote the key.
 */
public final class UploadConfirmer {
  private final ObjectStore store;

  public UploadConfirmer(ObjectStore store) {
    this.store = store;
  }

  /**
   * @return empty when nothing is there yet
   * @throws dev.presign.s3.ObjectStoreException when S3 cannot answer now
   */
  public Optional<Confirmation> check(
      UploadRequest request, BucketEndpoint endpoint, SigningCredentials credentials) {
    UploadRequestStatus status = request.getStatus();
    return store
        .headObject(endpoint, credentials, status.getBucket(), status.getKey())
        .map(object -> judge(request, object));
  }

  private static Confirmation judge(UploadRequest request, StoredObject object) {
    long expected = request.getSpec().getFileSize();
    if (object.size() != expected) {
      return new Confirmation(
          object,
          Violation.failed(
              Reasons.SIZE_MISMATCH,
              "spec.fileSize",
              "the object at "
                  + request.getStatus().getKey()
                  + " has "
                  + object.size()
                  + " bytes, but "
                  + expected
                  + " were signed for"));
    }
    String signed = mediaType(request.getStatus().getFileType());
    String stored = mediaType(object.contentType());
    if (signed != null && stored != null && !signed.equals(stored)) {
      return new Confirmation(
          object,
          Violation.failed(
              Reasons.CONTENT_TYPE_MISMATCH,
              "spec.contentType",
              "the object at "
                  + request.getStatus().getKey()
                  + " has Content-Type "
                  + object.contentType()
                  + ", but "
                  + request.getStatus().getFileType()
                  + " was signed for"));
    }
    return new Confirmation(object, null);
  }

  private static String mediaType(String contentType) {
    if (contentType == null) {
      return null;
    }
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
        .trim()
        .toLowerCase(Locale.ROOT);
  }

  /** The object found, and the violation when it is not what was signed. */
  public record Confirmation(StoredObject object, Violation mismatch) {
    public boolean matches() {
      return mismatch == null;
    }
  }
}
