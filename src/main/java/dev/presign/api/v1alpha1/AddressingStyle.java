package dev.presign.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where the bucket name goes in an upload URL; serialized as {@code virtual} or {@code path}. */
public enum AddressingStyle {
  /** {@code https://{bucket}.s3.{region}.amazonaws.com/}: the bucket is part of the host name. */
  @JsonProperty("virtual")
  VIRTUAL("virtual"),
  /** {@code {endpoint}/{bucket}/}: the bucket is the first path segment. */
  @JsonProperty("path")
  PATH("path");

  private final String value;

  AddressingStyle(String value) {
    this.value = value;
  }

  /** The serialized form, as written in YAML. */
  public String value() {
    return value;
  }
}
