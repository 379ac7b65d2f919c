package dev.presign.signing;

import dev.presign.fields.FieldLimits;
import dev.presign.fields.UploadField;
import java.time.Duration;
import java.time.Instant;

/**
 * When a signed upload stops working: the requested lifetime, capped at the SigV4 maximum of seven
 * days and at the expiry of temporary credentials (a form signed with a session token dies with the
 * token, so promising more would be a lie).
 */
public final class ExpiryPolicy {
  /** SigV4 presigned requests live at most seven days. */
  public static final Duration MAX_LIFETIME =
      Duration.ofSeconds(FieldLimits.SIGV4_MAX_EXPIRES_IN_SECONDS);

  private ExpiryPolicy() {}

  /**
   * @throws InvalidRequestException when the requested lifetime is not positive
   * @throws CredentialsExpiredException when the credentials expire before at least a second
   */
  public static Instant expiresAt(Instant now, Duration requested, Instant credentialExpiry) {
    if (requested == null || requested.isNegative() || requested.isZero()) {
      throw new InvalidRequestException(
          UploadField.EXPIRES_IN,
          "must be a positive number of seconds, at most " + MAX_LIFETIME.toSeconds());
    }
    // Whole seconds throughout: this runs for every signature.
    long start = now.getEpochSecond();
    long end = start + Math.min(requested.getSeconds(), MAX_LIFETIME.getSeconds());
    if (credentialExpiry != null) {
      long credentialEnd = credentialExpiry.getEpochSecond();
      if (credentialEnd <= start) {
        throw new CredentialsExpiredException(credentialExpiry);
      }
      end = Math.min(end, credentialEnd);
    }
    return Instant.ofEpochSecond(end);
  }
}
