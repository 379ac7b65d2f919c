package dev.presign.signing;

import dev.presign.fields.UploadField;
import java.util.Objects;

/**
 * A request that cannot be signed as given. {@link #field()} names the offending input as a neutral
 * {@link UploadField}, which each caller names in its own vocabulary; the message says what the
 * input must be, without the field's name.
 */
public final class InvalidRequestException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final UploadField field;

  public InvalidRequestException(UploadField field, String message) {
    super(Objects.requireNonNull(message, "message"));
    this.field = Objects.requireNonNull(field, "field");
  }

  public UploadField field() {
    return field;
  }

  /** What the input must be: the message, which carries no field name. */
  public String reason() {
    return getMessage();
  }
}
