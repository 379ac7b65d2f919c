package dev.presign.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.presign.api.v1alpha1.schema.DeepMergeSchemaCustomizer;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Objects;

/**
 * {@code UploadClass.spec.cors}: the browser origins that may upload straight to the class's
 * bucket. The operator keeps one CORS rule of its own on the bucket for them (see
 * docs/bucket-cors.md), or checks the bucket's rules when it may not write them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
// The item bounds the generator annotations cannot express on a list of strings.
@SchemaCustomizer(
    value = DeepMergeSchemaCustomizer.class,
    input =
        "{\"properties\":{\"allowedOrigins\":{\"items\":{\"minLength\":1,\"maxLength\":"
            + BucketCors.MAX_ORIGIN_LENGTH
            + ",\"pattern\":\""
            + BucketCors.ORIGIN_PATTERN_JSON
            + "\"}}}}")
public class BucketCors {

  /**
   * An origin as a browser sends it: {@code *}, or {@code scheme://host[:port]} in lowercase,
   * without path or trailing '/' (S3 compares origins as strings, so anything else never matches).
   * The host is a DNS name, an IPv4 address or a bracketed IPv6 address.
   */
  public static final String ORIGIN_PATTERN =
      "^(\\*|[a-z][a-z0-9+.-]*://([a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*"
          + "|\\[[0-9a-f:.]+\\])(:[0-9]{1,5})?)$";

  /**
   * {@link #ORIGIN_PATTERN} inside a JSON string (an annotation needs a constant, so it is written
   * twice; BucketCorsTest checks that they agree).
   */
  static final String ORIGIN_PATTERN_JSON =
      "^(\\\\*|[a-z][a-z0-9+.-]*://([a-z0-9]([a-z0-9-]*[a-z0-9])?(\\\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*"
          + "|\\\\[[0-9a-f:.]+\\\\])(:[0-9]{1,5})?)$";

  /** Longest origin: a scheme, a 253-character host and a port. */
  public static final int MAX_ORIGIN_LENGTH = 300;

  /** Most origins one class may list (S3 allows 100 rules of any size up to 64 KB in all). */
  public static final int MAX_ORIGINS = 50;

  /** Preflight cache time when maxAgeSeconds is not set: one hour. */
  public static final int DEFAULT_MAX_AGE_SECONDS = 3600;

  /** The largest maxAgeSeconds (one day; browsers cap it lower, Chromium at two hours). */
  public static final int MAX_MAX_AGE_SECONDS = 86_400;

  @Required
  @Size(min = 1, max = MAX_ORIGINS)
  @JsonPropertyDescription(
      "Origins of the web pages that upload to this class's bucket from the browser, exactly as"
          + " the browser sends them in the Origin header: 'https://app.example.com',"
          + " 'http://localhost:3000', or '*' for any origin. scheme://host[:port] in lowercase,"
          + " without path or trailing '/'. 1-"
          + MAX_ORIGINS
          + " entries.")
  private List<String> allowedOrigins;

  @Min(0)
  @Max(MAX_MAX_AGE_SECONDS)
  @JsonPropertyDescription(
      "Seconds a browser may cache the answer to its preflight request. Default: "
          + DEFAULT_MAX_AGE_SECONDS
          + ". 0-"
          + MAX_MAX_AGE_SECONDS
          + " (browsers cap it lower: Chromium at 7200).")
  private Integer maxAgeSeconds;

  public BucketCors() {}

  public BucketCors(List<String> allowedOrigins, Integer maxAgeSeconds) {
    this.allowedOrigins = allowedOrigins;
    this.maxAgeSeconds = maxAgeSeconds;
  }

  /** maxAgeSeconds, or {@value #DEFAULT_MAX_AGE_SECONDS}. */
  @JsonIgnore
  public int effectiveMaxAgeSeconds() {
    return maxAgeSeconds == null ? DEFAULT_MAX_AGE_SECONDS : maxAgeSeconds;
  }

  public List<String> getAllowedOrigins() {
    return allowedOrigins;
  }

  public void setAllowedOrigins(List<String> allowedOrigins) {
    this.allowedOrigins = allowedOrigins;
  }

  public Integer getMaxAgeSeconds() {
    return maxAgeSeconds;
  }

  public void setMaxAgeSeconds(Integer maxAgeSeconds) {
    this.maxAgeSeconds = maxAgeSeconds;
  }

  @Override
  public boolean equals(Object o) {
    return this == o
        || (o instanceof BucketCors other
            && Objects.equals(allowedOrigins, other.allowedOrigins)
            && Objects.equals(maxAgeSeconds, other.maxAgeSeconds));
  }

  @Override
  public int hashCode() {
    return Objects.hash(allowedOrigins, maxAgeSeconds);
  }

  @Override
  public String toString() {
    return "BucketCors{allowedOrigins=" + allowedOrigins + ", maxAgeSeconds=" + maxAgeSeconds + "}";
  }
}
