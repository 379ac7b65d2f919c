package dev.presign.uploads;

/** Carries a {@link Violation} out of a collaborator to the reconciler, which reports it. */
public final class ViolationException extends RuntimeException {
  private final Violation violation;

  public ViolationException(Violation violation) {
    super(violation.describe(), null, false, false);
    this.violation = violation;
  }

  public Violation violation() {
    return violation;
  }
}
