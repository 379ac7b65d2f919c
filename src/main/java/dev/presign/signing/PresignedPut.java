package dev.presign.signing;

import java.time.Instant;
import java.util.Map;

/**
 * A signed single-request upload for stores without POST Object (Cloudflare R2, some gateways): PUT
 * the bytes to {@code url} with exactly these {@code headers}, which are part of the signature.
 */
public record PresignedPut(
    String url, Map<String, String> headers, Instant issuedAt, Instant expiresAt) {
  public PresignedPut {
    headers = Map.copyOf(headers);
  }
}
