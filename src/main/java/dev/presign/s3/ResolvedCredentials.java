package dev.presign.s3;

import dev.presign.signing.SigningCredentials;

/**
 * Credentials and where they came from ({@code secret ns/name} or {@code default-chain}), the
 * latter safe to show in a status.
 */
public record ResolvedCredentials(SigningCredentials credentials, String source) {}
