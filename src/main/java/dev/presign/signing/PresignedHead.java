package dev.presign.signing;

import java.net.URI;
import java.time.Instant;

/**
 * A presigned HEAD of one object, sent by the operator itself. The URL is a credential until it
 * expires, so {@link #toString()} leaves it out: a record printed into a log or an exception
 * message must not carry the signature.
 */
public record PresignedHead(URI url, Instant expiresAt) {
  @Override
  public String toString() {
    return "PresignedHead[url=<signed, not shown>, expiresAt=" + expiresAt + "]";
  }
}
