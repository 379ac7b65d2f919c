package dev.presign.uploads;

/**
 * Why a request cannot be issued. {@code conditionType} is {@code Failed} for a request that is
 * wrong in itself and {@code Denied} for one the class's policy refuses; {@code field} is the spec
 * field to fix.
 */
public record Violation(String conditionType, String reason, String field, String message) {
  public static Violation failed(String reason, String field, String message) {
    return new Violation("Failed", reason, field, message);
  }

  public static Violation denied(String reason, String field, String message) {
    return new Violation("Denied", reason, field, message);
  }

  /** {@code spec.fileSize: must be ...}: the form a person reads in kubectl describe. */
  public String describe() {
    return field == null ? message : field + ": " + message;
  }
}
