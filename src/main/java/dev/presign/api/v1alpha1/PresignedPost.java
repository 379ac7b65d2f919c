package dev.presign.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;
import java.util.Objects;

/** A signed browser form: POST {@code fields} plus the file (last) to {@code url}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PresignedPost {

  @JsonPropertyDescription(
      "URL to POST the multipart/form-data form to, e.g. https://BUCKET.s3.REGION.amazonaws.com/"
          + " or ENDPOINT/BUCKET/.")
  private String url;

  @JsonPropertyDescription(
      "Form fields to send as they are, before the 'file' field: key, Content-Type, policy,"
          + " x-amz-algorithm, x-amz-credential, x-amz-date, x-amz-signature and, when used,"
          + " x-amz-security-token, x-amz-meta-*, success_action_status and checksum fields.")
  private Map<String, String> fields;

  public PresignedPost() {}

  public PresignedPost(String url, Map<String, String> fields) {
    this.url = url;
    this.fields = fields;
  }

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public Map<String, String> getFields() {
    return fields;
  }

  public void setFields(Map<String, String> fields) {
    this.fields = fields;
  }

  @Override
  public boolean equals(Object o) {
    return this == o
        || (o instanceof PresignedPost other
            && Objects.equals(url, other.url)
            && Objects.equals(fields, other.fields));
  }

  @Override
  public int hashCode() {
    return Objects.hash(url, fields);
  }

  /** Names the URL and the field names only: the field values include a signature. */
  @Override
  public String toString() {
    return "PresignedPost{url="
        + url
        + ", fields="
        + (fields == null ? null : fields.keySet())
        + "}";
  }
}
