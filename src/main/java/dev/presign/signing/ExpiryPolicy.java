package dev.presign.signing;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * When a signed upload stops working: the requested lifetime, capped at the SigV4 maximum of seven
 * days and at the expiry of temporary credentials (a form signed with a session token dies with the
 * token, so promising more would be a lie).
 */
public final class ExpiryPolicy {
  /** SigV4 presigned requests live at most seven days. */
  public static final Duration MAX_LIFETIME = Duration.ofDays(7);

  private ExpiryPolicy() {}

  /**
   * @throws InvalidRequestException when the requested lifetime is not positive
   * @throws CredentialsExpiredException when the credentials expire before at least a second
   */
  public static Instant expiresAt(
      Instant now, Duration requested, Optional<Instant> credentialExpiry) {
    if (requested == null || requested.isNegative() || requested.isZero()) {
      throw new InvalidRequestException(
          "expires_in",
          "must be a positive number of seconds, at most " + MAX_LIFETIME.toSeconds());
    }
    Instant start = now.truncatedTo(ChronoUnit.SECONDS);
    Duration lifetime = requested.compareTo(MAX_LIFETIME) > 0 ? MAX_LIFETIME : requested;
    Instant expiresAt = start.plus(lifetime).truncatedTo(ChronoUnit.SECONDS);
    if (credentialExpiry.isPresent()) {
      Instant credentialEnd = credentialExpiry.get().truncatedTo(ChronoUnit.SECONDS);
      if (!credentialEnd.isAfter(start)) {
        throw new CredentialsExpiredException(credentialExpiry.get());
      }
      if (credentialEnd.isBefore(expiresAt)) {
        expiresAt = credentialEnd;
      }
    }
    return expiresAt;
  }
}
