package dev.presign.uploads;

import java.time.Instant;

/**
 * One signed UploadPart URL: PUT the part's bytes to {@code url} before {@code expiresAt}. A bearer
 * credential: front doors hand it to the caller and never log it.
 */
public record PresignedPart(int partNumber, String url, Instant expiresAt) {
  @Override
  public String toString() {
    // The URL is a credential: a record's default toString would print it.
    return "PresignedPart{partNumber=" + partNumber + ", expiresAt=" + expiresAt + "}";
  }
}
