package dev.presign.signing;

import java.time.Instant;

/** Temporary credentials that have already expired: nothing signed with them would work. */
public final class CredentialsExpiredException extends IllegalStateException {
  public CredentialsExpiredException(Instant expiredAt) {
    super("the temporary credentials expired at " + expiredAt + "; refresh them and try again");
  }
}
