package dev.presign.s3;

import java.util.Objects;

/**
 * The answer to a call on a bucket's configuration (its CORS or lifecycle rules): a value, or why
 * there is none in terms a condition can report. The detail never holds a credential: it names the
 * call, the HTTP status, S3's error code and the first line of S3's message.
 */
public record BucketConfigCall<T>(Outcome outcome, T value, String detail) {

  /** How the call went. */
  public enum Outcome {
    /** Answered; {@code value} holds the answer (an empty configuration counts). */
    OK,
    /** AccessDenied (403): the credentials may not make this call. */
    ACCESS_DENIED,
    /** NotImplemented (501) or an equivalent: the store has no such call. */
    UNSUPPORTED,
    /** Anything else: network, 5xx, a refusal the store did not explain. */
    FAILED
  }

  public BucketConfigCall {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(detail, "detail");
  }

  public static <T> BucketConfigCall<T> ok(T value) {
    return new BucketConfigCall<>(Outcome.OK, value, "");
  }

  public static <T> BucketConfigCall<T> failed(Outcome outcome, String detail) {
    return new BucketConfigCall<>(outcome, null, detail);
  }

  public boolean isOk() {
    return outcome == Outcome.OK;
  }

  /** The same failure as an answer of another type. */
  public <U> BucketConfigCall<U> as() {
    return new BucketConfigCall<>(outcome, null, detail);
  }
}
