package dev.presign.signing;

import java.time.Instant;

/** A signed UploadPart URL, valid until {@code expiresAt}. The URL is a credential. */
public record PresignedUploadPart(String url, Instant expiresAt) {
  @Override
  public String toString() {
    return "PresignedUploadPart{expiresAt=" + expiresAt + "}";
  }
}
