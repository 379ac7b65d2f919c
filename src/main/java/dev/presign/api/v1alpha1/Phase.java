package dev.presign.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Lifecycle phase of an UploadRequest: {@code Pending → Issued → Uploaded}, or one of the terminal
 * phases {@code Expired} and {@code Failed}. Serialized as the capitalized names.
 */
public enum Phase {
  /** Accepted, not yet signed. */
  @JsonProperty("Pending")
  PENDING("Pending", false),
  /** Signed; the form or URL in status is waiting to be used. */
  @JsonProperty("Issued")
  ISSUED("Issued", false),
  /** The object is in the bucket with the announced size (and type). Terminal. */
  @JsonProperty("Uploaded")
  UPLOADED("Uploaded", true),
  /** Not uploaded before status.expiresAt. Terminal. */
  @JsonProperty("Expired")
  EXPIRED("Expired", true),
  /** Could not be signed or confirmed; the Ready condition says why. Terminal. */
  @JsonProperty("Failed")
  FAILED("Failed", true);

  private final String value;
  private final boolean terminal;

  Phase(String value, boolean terminal) {
    this.value = value;
    this.terminal = terminal;
  }

  /** The serialized form, e.g. {@code Issued}. */
  public String value() {
    return value;
  }

  /** True for phases that never change again: Uploaded, Expired and Failed. */
  public boolean isTerminal() {
    return terminal;
  }
}
