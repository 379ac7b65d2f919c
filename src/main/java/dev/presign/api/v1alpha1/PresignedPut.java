package dev.presign.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;
import java.util.Objects;

/** A presigned PUT: send the file as the request body to {@code url} with {@code headers}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PresignedPut {

  @JsonPropertyDescription(
      "Presigned URL to PUT the file to; the signature is in its query string.")
  private String url;

  @JsonPropertyDescription(
      "Headers the PUT must carry with exactly these values (they are signed): Content-Type,"
          + " Content-Length, If-None-Match when the class asks for it, x-amz-checksum-sha256"
          + " when spec.checksumSHA256 is set, x-amz-meta-KEY for each spec.metadata entry.")
  private Map<String, String> headers;

  public PresignedPut() {}

  public PresignedPut(String url, Map<String, String> headers) {
    this.url = url;
    this.headers = headers;
  }

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public Map<String, String> getHeaders() {
    return headers;
  }

  public void setHeaders(Map<String, String> headers) {
    this.headers = headers;
  }

  @Override
  public boolean equals(Object o) {
    return this == o
        || (o instanceof PresignedPut other
            && Objects.equals(url, other.url)
            && Objects.equals(headers, other.headers));
  }

  @Override
  public int hashCode() {
    return Objects.hash(url, headers);
  }

  /** Leaves out the URL's query string, which holds the signature. */
  @Override
  public String toString() {
    String shown = url == null ? null : url.replaceFirst("\\?.*", "?...");
    return "PresignedPut{url=" + shown + ", headers=" + headers + "}";
  }
}
