package dev.presign.api.v1alpha1;

import java.util.List;

/**
 * The UploadClass conditions about the bucket's own configuration, beside {@code Ready}: its CORS
 * rules and its lifecycle rule for abandoned multipart uploads. Neither holds uploads back: a
 * bucket without CORS still takes uploads from servers and curl, only browsers are refused.
 */
public final class BucketConditions {

  /**
   * UploadClass: whether browsers may upload to the bucket. With spec.cors: the operator's rule is
   * on the bucket, or the bucket's own rules already allow every listed origin. Without it: whether
   * any rule lets a browser upload at all.
   */
  public static final String CORS_READY = "CORSReady";

  /**
   * UploadClass with spec.abortIncompleteMultipartUploadDays: the bucket has the operator's
   * AbortIncompleteMultipartUpload lifecycle rule for the class's key prefix. Absent without it.
   */
  public static final String MULTIPART_LIFECYCLE_READY = "MultipartLifecycleReady";

  // Reasons of both conditions

  /** The operator's rule is on the bucket (written now, or found as it should be). */
  public static final String APPLIED = "Applied";

  /**
   * CORSReady: the operator did not write its rule (spec.cors is not set, or it may not), and the
   * bucket's own rules allow what is needed.
   */
  public static final String ALLOWED_BY_BUCKET_RULES = "AllowedByBucketRules";

  /** CORSReady: the bucket's rules leave something out; the message says what, per origin. */
  public static final String RULES_MISSING = "RulesMissing";

  /**
   * The class's credentials may not read (and so may not safely merge into) the bucket's
   * configuration: S3 answered AccessDenied. The message names the permissions.
   */
  public static final String ACCESS_DENIED = "AccessDenied";

  /**
   * The store does not implement the call (NotImplemented, e.g. S3Proxy for ?cors and ?lifecycle).
   */
  public static final String UNSUPPORTED = "Unsupported";

  /**
   * spec.cors or spec.abortIncompleteMultipartUploadDays is invalid; the message names the field.
   */
  public static final String INVALID_SPEC = Reasons.INVALID_SPEC;

  /** The call failed otherwise (network, 5xx, an error the store did not explain). */
  public static final String CHECK_FAILED = "CheckFailed";

  /** Nothing is checked while the class is not Ready (credentials or bucket missing). */
  public static final String CLASS_NOT_READY = Reasons.CLASS_NOT_READY;

  /** Every reason above. */
  public static final List<String> REASONS =
      List.of(
          APPLIED,
          ALLOWED_BY_BUCKET_RULES,
          RULES_MISSING,
          ACCESS_DENIED,
          UNSUPPORTED,
          INVALID_SPEC,
          CHECK_FAILED,
          CLASS_NOT_READY);

  private BucketConditions() {}
}
