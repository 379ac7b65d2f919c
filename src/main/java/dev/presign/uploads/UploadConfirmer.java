package dev.presign.uploads;

import dev.presign.api.v1alpha1.Reasons;
import dev.presign.fields.UploadField;
import dev.presign.s3.ObjectStore;
import dev.presign.s3.StoredObject;
import dev.presign.signing.SigningCredentials;
import java.util.Locale;
import java.util.Optional;

/**
 * Asks S3 whether an issued upload arrived at its target and whether it is what was signed. S3
 * enforces the size and type of a POST or PUT it accepts, so a mismatch means something else wrote
 * the key.
 */
public final class UploadConfirmer {
  private final ObjectStore store;

  public UploadConfirmer(ObjectStore store) {
    this.store = store;
  }

  /**
   * @param signedSize the size that was signed for (the spec's fileSize)
   * @return empty when nothing is there yet
   * @throws dev.presign.s3.ObjectStoreException when S3 cannot answer now
   */
  public Optional<Confirmation> check(
      UploadTarget target, long signedSize, SigningCredentials credentials) {
    return store
        .headObject(target.endpoint(), credentials, target.bucket(), target.key())
        .map(object -> judge(target, signedSize, object));
  }

  static Confirmation judge(UploadTarget target, long signedSize, StoredObject object) {
    if (object.size() != signedSize) {
      return new Confirmation(
          object,
          Violation.failed(
              Reasons.SIZE_MISMATCH,
              UploadField.FILE_SIZE,
              "the object at "
                  + target.key()
                  + " has "
                  + object.size()
                  + " bytes, but "
                  + signedSize
                  + " were signed for"));
    }
    String signed = mediaType(target.contentType());
    String stored = mediaType(object.contentType());
    if (signed != null && stored != null && !signed.equals(stored)) {
      return new Confirmation(
          object,
          Violation.failed(
              Reasons.CONTENT_TYPE_MISMATCH,
              UploadField.CONTENT_TYPE,
              "the object at "
                  + target.key()
                  + " has Content-Type "
                  + object.contentType()
                  + ", but "
                  + target.contentType()
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
