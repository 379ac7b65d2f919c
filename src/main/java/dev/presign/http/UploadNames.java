package dev.presign.http;

import java.security.SecureRandom;

/**
 * Names for UploadRequests created by the HTTP API, chosen here rather than by the API server
 * ({@code generateName}): a create retried after its answer was lost then meets its own object (409
 * AlreadyExists) instead of recording a second upload.
 */
public final class UploadNames {
  private static final String PREFIX = "upload-";
  private static final char[] ALPHABET = "bcdfghjklmnpqrstvwxz2456789".toCharArray();
  // 27^12 ≈ 1.5e17: a collision with another caller's name is not a practical concern, and one
  // would be refused (the object is not ours), not confused.
  private static final int LENGTH = 12;

  private final SecureRandom random = new SecureRandom();

  public String next() {
    char[] suffix = new char[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      suffix[i] = ALPHABET[random.nextInt(ALPHABET.length)];
    }
    return PREFIX + new String(suffix);
  }
}
