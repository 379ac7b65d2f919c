package dev.presign.signing;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * The credentials one signature is made with. Temporary credentials carry a session token and
 * usually an expiry, which caps how long a presigned form may live.
 *
 * <p>{@link #toString()} never prints the secret or the token: this object travels through code
 * that logs.
 */
public record SigningCredentials(
    String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration) {

  public SigningCredentials {
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    if (accessKeyId.isBlank() || secretAccessKey.isBlank()) {
      throw new IllegalArgumentException("access key id and secret access key must not be blank");
    }
    if (sessionToken != null && sessionToken.isBlank()) {
      sessionToken = null;
    }
  }

  public static SigningCredentials permanent(String accessKeyId, String secretAccessKey) {
    return new SigningCredentials(accessKeyId, secretAccessKey, null, null);
  }

  /** Converts what an AWS SDK credentials provider resolved. */
  public static SigningCredentials from(AwsCredentials credentials) {
    if (credentials instanceof AwsSessionCredentials session) {
      return new SigningCredentials(
          session.accessKeyId(),
          session.secretAccessKey(),
          session.sessionToken(),
          session.expirationTime().orElse(null));
    }
    return new SigningCredentials(
        credentials.accessKeyId(),
        credentials.secretAccessKey(),
        null,
        credentials.expirationTime().orElse(null));
  }

  public boolean isTemporary() {
    return sessionToken != null;
  }

  public Optional<Instant> expiry() {
    return Optional.ofNullable(expiration);
  }

  @Override
  public String toString() {
    return "SigningCredentials[accessKeyId="
        + accessKeyId
        + ", secretAccessKey=<redacted>, sessionToken="
        + (sessionToken == null ? "none" : "<redacted>")
        + ", expiration="
        + expiration
        + "]";
  }
}
