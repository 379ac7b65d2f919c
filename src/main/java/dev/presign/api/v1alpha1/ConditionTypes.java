package dev.presign.api.v1alpha1;

/**
 * Condition types and statuses used in {@code status.conditions} of UploadClass and UploadRequest
 * (the Kubernetes {@code metav1.Condition} shape). Error states are {@code Ready=False} with a
 * reason from {@link Reasons}, never a negative condition type.
 */
public final class ConditionTypes {

  /**
   * UploadClass: credentials resolved and the bucket answered HeadBucket. UploadRequest: the
   * request is usable or done; its reason names the phase ({@link Reasons#PENDING}, {@link
   * Reasons#ISSUED}, {@link Reasons#UPLOADED}, {@link Reasons#EXPIRED}) or the failure.
   */
  public static final String READY = "Ready";

  /** UploadRequest: the request failed for good; reason and message say why and what to fix. */
  public static final String FAILED = "Failed";

  /**
   * UploadRequest: the UploadClass's policy refused the request (namespace, size, content type,
   * folder or expiry); the reason names the rule.
   */
  public static final String DENIED = "Denied";

  /**
   * UploadRequest, when its class has spec.notify: the completion notification was delivered (True,
   * reason {@link Reasons#DELIVERED}), is waiting for an attempt (Unknown, {@link Reasons#QUEUED}
   * or {@link Reasons#RETRYING}) or was given up (False, {@link Reasons#DELIVERY_FAILED}).
   */
  public static final String NOTIFIED = "Notified";

  /** Condition status: the condition holds. */
  public static final String STATUS_TRUE = "True";

  /** Condition status: the condition does not hold. */
  public static final String STATUS_FALSE = "False";

  /** Condition status: not known yet. */
  public static final String STATUS_UNKNOWN = "Unknown";

  private ConditionTypes() {}
}
