package dev.presign.s3;

/**
 * Credentials for a class could not be had. {@link #reason()} is a condition reason such as {@code
 * CredentialsNotFound}; the message says what to fix and never contains a secret value.
 */
public final class CredentialsException extends RuntimeException {
  private final String reason;

  public CredentialsException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
