package dev.presign.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where the operator puts a signed form; serialized as {@code Status} or {@code Secret}. A signed
 * form is a bearer credential until it expires: in a Secret only those who may read that Secret
 * (not everyone who may {@code get uploadrequests}) can read it.
 */
public enum FormDelivery {
  /** In {@code status.presignedPost} / {@code status.presignedPut} (the seed's behaviour). */
  @JsonProperty("Status")
  STATUS("Status"),
  /**
   * In a Secret owned by the UploadRequest; status carries only its name ({@code
   * status.formSecretName}).
   */
  @JsonProperty("Secret")
  SECRET("Secret");

  private final String value;

  FormDelivery(String value) {
    this.value = value;
  }

  /** The serialized form, as written in YAML. */
  public String value() {
    return value;
  }
}
