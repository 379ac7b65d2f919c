package dev.presign.api.v1alpha1;

import java.util.List;

/**
 * Condition reasons (CamelCase, as {@code metav1.Condition} requires). The reasons that name a
 * phase are spelled like {@link Phase#value()}.
 */
public final class Reasons {

  // UploadRequest phases (Ready condition)

  /** Accepted, waiting to be signed. */
  public static final String PENDING = "Pending";

  /** Signed; waiting for the upload. */
  public static final String ISSUED = "Issued";

  /** The object arrived and matches what was signed. */
  public static final String UPLOADED = "Uploaded";

  /** Not uploaded before it expired. */
  public static final String EXPIRED = "Expired";

  // UploadRequest failures

  /** The spec cannot be signed as written (the message names the field). */
  public static final String INVALID_SPEC = "InvalidSpec";

  /** spec.uploadClassName names an UploadClass that does not exist. */
  public static final String CLASS_NOT_FOUND = "ClassNotFound";

  /** No uploadClassName and no UploadClass annotated as the default class. */
  public static final String NO_DEFAULT_CLASS = "NoDefaultClass";

  /** The UploadClass exists but is not Ready. */
  public static final String CLASS_NOT_READY = "ClassNotReady";

  // UploadRequest denials (the class's policy)

  /** The class's namespaceSelector does not match the request's namespace. */
  public static final String NAMESPACE_NOT_ALLOWED = "NamespaceNotAllowed";

  /** spec.fileSize is larger than the class's maxFileSize. */
  public static final String FILE_TOO_LARGE = "FileTooLarge";

  /** The content type is not in the class's allowedContentTypes. */
  public static final String CONTENT_TYPE_NOT_ALLOWED = "ContentTypeNotAllowed";

  /** spec.uploadTo is not in the class's allowedUploadTo. */
  public static final String UPLOAD_TO_NOT_ALLOWED = "UploadToNotAllowed";

  /** spec.expiresInSeconds is longer than the class's maxExpiresInSeconds. */
  public static final String EXPIRY_TOO_LONG = "ExpiryTooLong";

  // Credentials and bucket (UploadClass Ready condition; UploadRequest failures)

  /** The credentials were found but S3 refused them. */
  public static final String CREDENTIALS_INVALID = "CredentialsInvalid";

  /** The referenced Secret, or one of its keys, or the default chain's credentials are missing. */
  public static final String CREDENTIALS_NOT_FOUND = "CredentialsNotFound";

  /** The class's temporary credentials are past their expiry: new uploads wait for fresh ones. */
  public static final String CREDENTIALS_EXPIRED = "CredentialsExpired";

  /** HeadBucket answered 404. */
  public static final String BUCKET_NOT_FOUND = "BucketNotFound";

  /** HeadBucket failed for another reason (network, endpoint, permissions). */
  public static final String BUCKET_PROBE_FAILED = "BucketProbeFailed";

  /** UploadClass: credentials and bucket checked successfully. */
  public static final String PROBED = "Probed";

  // Upload confirmation

  /** The stored object's size differs from spec.fileSize. */
  public static final String SIZE_MISMATCH = "SizeMismatch";

  /** The stored object's Content-Type differs from the signed one. */
  public static final String CONTENT_TYPE_MISMATCH = "ContentTypeMismatch";

  /**
   * The status of an issued request names a class, bucket or key other than the ones its spec, uid
   * and class give it: someone other than the operator wrote it. Nothing is confirmed or signed for
   * it.
   */
  public static final String STATUS_MISMATCH = "StatusMismatch";

  /** The request was cancelled before an upload was confirmed. */
  public static final String CANCELLED = "Cancelled";

  /**
   * The class delivers forms in a Secret, and a Secret of the name the operator would use exists
   * but is not this request's (no owner reference to it): the operator does not overwrite it.
   */
  public static final String FORM_SECRET_CONFLICT = "FormSecretConflict";

  /**
   * (Event) The open S3 multipart upload of a finished or deleted request was aborted, so S3 keeps
   * no parts of it.
   */
  public static final String MULTIPART_ABORTED = "MultipartAborted";

  /**
   * (Warning Event) The multipart upload of a deleted or finished request could not be aborted (S3
   * unreachable or refusing) within the retry window; the operator let go so deletion is not
   * blocked. Its parts stay in the bucket until a lifecycle rule or someone aborts the upload.
   */
  public static final String MULTIPART_ABORT_FAILED = "MultipartAbortFailed";

  /** Every reason above, for tests and documentation. */
  public static final List<String> ALL =
      List.of(
          PENDING,
          ISSUED,
          UPLOADED,
          EXPIRED,
          INVALID_SPEC,
          CLASS_NOT_FOUND,
          NO_DEFAULT_CLASS,
          CLASS_NOT_READY,
          NAMESPACE_NOT_ALLOWED,
          FILE_TOO_LARGE,
          CONTENT_TYPE_NOT_ALLOWED,
          UPLOAD_TO_NOT_ALLOWED,
          EXPIRY_TOO_LONG,
          CREDENTIALS_INVALID,
          CREDENTIALS_NOT_FOUND,
          CREDENTIALS_EXPIRED,
          BUCKET_NOT_FOUND,
          BUCKET_PROBE_FAILED,
          PROBED,
          SIZE_MISMATCH,
          CONTENT_TYPE_MISMATCH,
          STATUS_MISMATCH,
          CANCELLED,
          FORM_SECRET_CONFLICT,
          MULTIPART_ABORTED,
          MULTIPART_ABORT_FAILED);

  private Reasons() {}
}
