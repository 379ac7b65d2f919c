package dev.presign.uploads;

import dev.presign.fields.UploadField;

/**
 * Why a request cannot be issued. {@code conditionType} is {@code Failed} for a request that is
 * wrong in itself and {@code Denied} for one the class's policy refuses; {@code field} is the input
 * to fix (null when no single input is to blame), which each edge names in its own vocabulary.
 */
public record Violation(String conditionType, String reason, UploadField field, String message) {
  public static Violation failed(String reason, UploadField field, String message) {
    return new Violation("Failed", reason, field, message);
  }

  public static Violation denied(String reason, UploadField field, String message) {
    return new Violation("Denied", reason, field, message);
  }

  /**
   * As {@link #failed(String, UploadField, String)}, with the field given by its CRD path.
   *
   * @deprecated name the {@link UploadField}; kept so callers written against the string form still
   *     compile
   * @throws IllegalArgumentException for a path that is no {@link UploadField#crdPath()}
   */
  @Deprecated
  public static Violation failed(String reason, String crdPath, String message) {
    return failed(reason, fieldAt(crdPath), message);
  }

  /**
   * As {@link #denied(String, UploadField, String)}, with the field given by its CRD path.
   *
   * @deprecated name the {@link UploadField}; kept so callers written against the string form still
   *     compile
   * @throws IllegalArgumentException for a path that is no {@link UploadField#crdPath()}
   */
  @Deprecated
  public static Violation denied(String reason, String crdPath, String message) {
    return denied(reason, fieldAt(crdPath), message);
  }

  /** The field's CRD path, e.g. {@code spec.fileSize}, or null. */
  public String crdPath() {
    return field == null ? null : field.crdPath();
  }

  /** {@code spec.fileSize: must be ...}: the form a person reads in kubectl describe. */
  public String describe() {
    return field == null ? message : field.crdPath() + ": " + message;
  }

  /**
   * The violation a {@code Failed} or {@code Denied} condition records: the inverse of {@link
   * #describe()}, over the closed set of {@link UploadField} paths (a message that starts with no
   * field's path has no field), so a front door that only sees the condition names the same field
   * the domain did.
   */
  public static Violation fromCondition(io.fabric8.kubernetes.api.model.Condition condition) {
    String message = condition.getMessage() == null ? "" : condition.getMessage();
    for (UploadField field : UploadField.values()) {
      String prefix = field.crdPath() + ": ";
      if (message.startsWith(prefix)) {
        return new Violation(
            condition.getType(), condition.getReason(), field, message.substring(prefix.length()));
      }
    }
    return new Violation(condition.getType(), condition.getReason(), null, message);
  }

  private static UploadField fieldAt(String crdPath) {
    return UploadField.fromCrdPath(crdPath)
        .orElseThrow(() -> new IllegalArgumentException("no upload field at " + crdPath));
  }
}
