package dev.presign.signing;

import java.time.Instant;

/** A signed download link, valid until {@code expiresAt}. */
public record PresignedGet(String url, Instant expiresAt) {}
