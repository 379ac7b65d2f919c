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
    if (!(fields instanceof ReadOnlyFields)) {
      fields = new ReadOnlyFields(new LinkedHashMap<>(fields));
    }
  }

  /** Takes ownership of a map only the signer holds, without copying it on the hot path. */
  static PresignedPost owning(
      String url, LinkedHashMap<String, String> fields, Instant issuedAt, Instant expiresAt) {
    return new PresignedPost(url, new ReadOnlyFields(fields), issuedAt, expiresAt);
  }

  /** An ordered, unmodifiable view whose type marks it as already safe to share. */
  private static final class ReadOnlyFields extends java.util.AbstractMap<String, String> {
    private final Map<String, String> view;

    ReadOnlyFields(LinkedHashMap<String, String> fields) {
      this.view = Collections.unmodifiableMap(fields);
    }

    @Override
    public java.util.Set<Entry<String, String>> entrySet() {
      return view.entrySet();
    }

    @Override
    public String get(Object key) {
      return view.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
      return view.containsKey(key);
    }
  }
}
