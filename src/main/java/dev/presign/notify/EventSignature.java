package dev.presign.notify;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature a receiver checks: HMAC-SHA256, keyed with the class's Secret, over the timestamp
 * header's value, a '.', and the exact body bytes. The timestamp is inside what is signed, so a
 * captured request cannot be replayed later with a fresh timestamp; the receiver rejects old ones
 * (docs/notifications.md, "Verifying").
 */
public final class EventSignature {
  /** Header with {@code sha256=} and the lowercase hex signature. */
  public static final String SIGNATURE_HEADER = "X-Presign-Signature";

  /** Header with the signing time in Unix seconds. */
  public static final String TIMESTAMP_HEADER = "X-Presign-Timestamp";

  /** The signature header's value. */
  public String sign(byte[] key, long timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      // Every Java runtime has HmacSHA256, and any non-empty key fits it.
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
