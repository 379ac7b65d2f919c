package dev.presign.uploads;

import dev.presign.api.v1alpha1.Phase;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadedObject;
import dev.presign.naming.ContentDisposition;
import dev.presign.naming.InlineTypes;
import dev.presign.s3.CredentialsException;
import dev.presign.s3.ObjectStore;
import dev.presign.s3.ObjectStoreException;
import dev.presign.s3.StoredObject;
import dev.presign.signing.ObjectUrlPresigner;
import dev.presign.signing.PresignedGet;
import dev.presign.signing.SigningCredentials;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Download links for what was confirmed, and nothing else: the object at the derived target (never
 * a key from the status), for the version confirmed where the bucket is versioned, otherwise only
 * while the object still has the ETag that was confirmed. The link lives no longer than the class
 * allows uploads to.
 *
 * <p>S3 answers the link with {@code Content-Disposition} naming the uploader's file ({@code
 * spec.originalFileName}, immutable, so a tenant's status cannot change it): {@code attachment}
 * unless the caller asks for {@code inline}, which only passive types get ({@link InlineTypes}), so
 * a tenant's upload never becomes a page on the bucket's origin.
 */
public final class UploadDownloads {
  private final UploadTargets targets;
  private final ClassCredentials classCredentials;
  private final ObjectStore store;
  private final ObjectUrlPresigner presigner;
  private final ContentDisposition dispositions;
  private final InlineTypes inlineTypes;

  public UploadDownloads(
      UploadTargets targets,
      ClassCredentials classCredentials,
      ObjectStore store,
      ObjectUrlPresigner presigner,
      ContentDisposition dispositions,
      InlineTypes inlineTypes) {
    this.targets = targets;
    this.classCredentials = classCredentials;
    this.store = store;
    this.presigner = presigner;
    this.dispositions = dispositions;
    this.inlineTypes = inlineTypes;
  }

  /**
   * @param responseContentType the Content-Type S3 should answer with, or null for the stored one
   * @param disposition whether the browser should save the file (the default) or may show it
   * @throws UploadRefusal CONFLICT when the upload is not complete, its status cannot be trusted,
   *     or the object is gone or changed; UNAVAILABLE when S3 or the credentials cannot be used now
   * @throws InlineNotAllowed when {@code inline} is asked for a type that is not passive
   */
  public PresignedGet presign(
      UploadRequest uploaded,
      ClassCatalog classes,
      Duration expiresIn,
      String responseContentType,
      ContentDisposition.Type disposition) {
    if (uploaded.getStatus() == null
        || uploaded.getStatus().getPhase() != Phase.UPLOADED
        || uploaded.getStatus().getObject() == null) {
      throw UploadRefusal.conflict(StatusField.PHASE, "the upload is not complete");
    }
    UploadTarget target = trusted(uploaded, classes);
    // The type the browser will see: the one asked for, else the one the upload was signed with
    // (derived from the spec; status.object.contentType is a tenant's to write).
    String servedType = responseContentType != null ? responseContentType : target.contentType();
    if (disposition == ContentDisposition.Type.INLINE && !inlineTypes.mayBeInline(servedType)) {
      throw new InlineNotAllowed(servedType);
    }
    String contentDisposition =
        dispositions.header(disposition, uploaded.getSpec().getOriginalFileName());
    // Inline pins the checked type, so what S3 stored cannot make the browser see another.
    String answeredType =
        disposition == ContentDisposition.Type.INLINE ? servedType : responseContentType;
    UploadedObject confirmed = uploaded.getStatus().getObject();
    Duration lifetime =
        min(
            expiresIn,
            Duration.ofSeconds(target.uploadClass().getSpec().effectiveMaxExpiresInSeconds()));
    try {
      SigningCredentials credentials =
          classCredentials.resolve(target.uploadClass().getSpec()).credentials();
      if (confirmed.getVersionId() == null) {
        requireUnchanged(target, confirmed, credentials);
      }
      return presigner.presignGet(
          target.endpoint(),
          target.bucket(),
          target.key(),
          confirmed.getVersionId(),
          lifetime,
          answeredType,
          contentDisposition,
          credentials);
    } catch (CredentialsException | IllegalStateException e) {
      throw UploadRefusal.unavailable(
          "The upload's class has no usable credentials now; try again shortly.", 10);
    } catch (ObjectStoreException e) {
      throw UploadRefusal.unavailable(
          "S3 could not be asked about the upload now (" + e.getMessage() + "); try again shortly.",
          5);
    }
  }

  private UploadTarget trusted(UploadRequest uploaded, ClassCatalog classes) {
    UploadTargets.Check check = targets.check(uploaded, classes);
    if (check.isClassGone()) {
      throw UploadRefusal.conflict(
          StatusField.UPLOAD_CLASS, "UploadClass " + check.goneClass() + " no longer exists");
    }
    if (!check.isTrusted()) {
      throw UploadRefusal.conflict(check.field(), check.message());
    }
    return check.target();
  }

  /** Without versions, a link is only safe while the key holds the bytes that were confirmed. */
  private void requireUnchanged(
      UploadTarget target, UploadedObject confirmed, SigningCredentials credentials) {
    Optional<StoredObject> now =
        store.headObject(target.endpoint(), credentials, target.bucket(), target.key());
    if (now.isEmpty()) {
      throw UploadRefusal.conflict(
          StatusField.OBJECT, "the object at " + target.key() + " is gone from the bucket");
    }
    if (!Objects.equals(now.get().etag(), confirmed.getEtag())
        || now.get().size() != confirmed.getSize()) {
      throw UploadRefusal.conflict(
          StatusField.OBJECT,
          "the object at "
              + target.key()
              + " changed since the upload was confirmed (ETag "
              + confirmed.getEtag()
              + " then, "
              + now.get().etag()
              + " now); no link is signed for bytes nobody confirmed");
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
