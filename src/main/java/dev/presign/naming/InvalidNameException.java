package dev.presign.naming;

import java.util.Objects;

/**
 * A key part that would not be a safe object key component.
 *
 * <p>It carries the API field name ({@code key_prefix}, {@code upload_to}, {@code file_name}) and a
 * message that says what is allowed, so the HTTP layer can answer 400 naming the field and the
 * reconciler can set a {@code Failed} reason, both without echoing the rejected value (which may
 * hold control characters).
 */
public final class InvalidNameException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String field;

  /**
   * @param field the field name as the HTTP API reports it, in snake_case
   * @param message what the field must be, e.g. {@code "must be 1 to 256 characters ..."}
   */
  public InvalidNameException(String field, String message) {
    super(Objects.requireNonNull(message, "message"));
    this.field = Objects.requireNonNull(field, "field");
  }

  /** The snake_case field name, e.g. {@code upload_to}. */
  public String field() {
    return field;
  }
}
