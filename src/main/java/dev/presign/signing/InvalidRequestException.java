package dev.presign.signing;

/**
 * A request that cannot be signed as given. {@link #field()} names the offending input (in the
 * snake_case the HTTP API uses) so callers can point the user at it.
 */
public final class InvalidRequestException extends IllegalArgumentException {
  private final String field;

  public InvalidRequestException(String field, String message) {
    super(field + ": " + message);
    this.field = field;
  }

  public String field() {
    return field;
  }

  /** The message without the field prefix. */
  public String reason() {
    return getMessage().substring(field.length() + 2);
  }
}
