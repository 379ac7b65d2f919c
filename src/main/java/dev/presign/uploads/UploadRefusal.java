package dev.presign.uploads;

/**
 * Why the domain will not do what a front door asked, in neutral terms: the HTTP API answers a
 * conflict with 409 naming {@link #field()} in its own vocabulary, and "unavailable" with 503 and
 * Retry-After. Messages never hold a secret.
 */
public final class UploadRefusal extends RuntimeException {
  public enum Kind {
    /** The upload is not in a state that allows it, or its status cannot be trusted. */
    CONFLICT,
    /** S3, the credentials or the API server cannot be used now; try again later. */
    UNAVAILABLE
  }

  private final Kind kind;
  private final StatusField field;
  private final int retryAfterSeconds;

  private UploadRefusal(Kind kind, StatusField field, String message, int retryAfterSeconds) {
    super(message, null, false, false);
    this.kind = kind;
    this.field = field;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public static UploadRefusal conflict(StatusField field, String message) {
    return new UploadRefusal(Kind.CONFLICT, field, message, 0);
  }

  public static UploadRefusal unavailable(String message, int retryAfterSeconds) {
    return new UploadRefusal(Kind.UNAVAILABLE, null, message, retryAfterSeconds);
  }

  public Kind kind() {
    return kind;
  }

  /** The status field at fault (conflicts only). */
  public StatusField field() {
    return field;
  }

  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
