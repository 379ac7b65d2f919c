package dev.presign.signing;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A signed browser upload form: POST multipart/form-data to {@code url} with every entry of {@code
 * fields} (in this order) followed by the {@code file} part.
 */
public record PresignedPost(
    String url, Map<String, String> fields, Instant issuedAt, Instant expiresAt) {
  public PresignedPost {
    if (!(fields instanceof FormFields)) {
      fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
  }

  /** Takes the signer's own read-only field map without copying it on the hot path. */
  static PresignedPost owning(String url, FormFields fields, Instant issuedAt, Instant expiresAt) {
    return new PresignedPost(url, fields, issuedAt, expiresAt);
  }
}
