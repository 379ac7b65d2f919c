package dev.presign.naming;

import dev.presign.fields.UploadField;
import java.util.Objects;

/**
 * A key part that would not be a safe object key component.
 *
 * <p>It carries the {@link UploadField} to fix and a message that says what is allowed, without the
 * field's name: the HTTP layer answers 400 with the field's snake_case name, the reconciler sets a
 * {@code Failed} condition starting with its CRD path, the CLI names its option. None of them
 * echoes the rejected value (which may hold control characters).
 */
public final class InvalidNameException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final UploadField field;

  /**
   * @param field the input to fix
   * @param message what the field must be, e.g. {@code "must be 1 to 256 characters ..."}
   */
  public InvalidNameException(UploadField field, String message) {
    super(Objects.requireNonNull(message, "message"));
    this.field = Objects.requireNonNull(field, "field");
  }

  /** The input to fix, e.g. {@link UploadField#UPLOAD_TO}. */
  public UploadField field() {
    return field;
  }
}
