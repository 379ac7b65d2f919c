package dev.presign.signing;

import java.time.Instant;
import java.util.Map;

/**
 * A signed browser upload form: POST multipart/form-data to {@code url} with every entry of {@code
 * fields} (in this order) followed by the {@code file} part.
 */
public record PresignedPost(
    String url, Map<String, String> fields, Instant issuedAt, Instant expiresAt) {
  public PresignedPost {
    fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
  }
}
