package dev.presign.s3;

/**
 * The outcome of a HeadBucket: {@code ok}, or a condition reason ({@code BucketNotFound}, {@code
 * CredentialsInvalid}, {@code BucketProbeFailed}) with a message a person can act on.
 */
public record BucketProbe(boolean ok, String reason, String message) {
  public static BucketProbe success(String bucket) {
    return new BucketProbe(
        true, "Probed", "bucket " + bucket + " is reachable with the class's credentials");
  }

  public static BucketProbe failure(String reason, String message) {
    return new BucketProbe(false, reason, message);
  }
}
