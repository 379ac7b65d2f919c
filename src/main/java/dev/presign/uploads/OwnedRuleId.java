package dev.presign.uploads;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The ID of a bucket rule (CORS or lifecycle) that the operator owns for one UploadClass: {@value
 * #PREFIX} + the class name. The operator replaces only the rule with its class's ID and keeps
 * every other rule of the bucket as it found it, so rules written by people, by other tools or for
 * other classes sharing the bucket survive. S3 allows IDs of at most 255 characters: a longer class
 * name keeps its first characters and a hash of the whole name, so the ID stays one per class.
 */
public record OwnedRuleId(String value) {

  /** Every rule ID the operator writes starts with this. */
  public static final String PREFIX = "presign:";

  /** S3's limit on a CORS or lifecycle rule ID. */
  static final int MAX_LENGTH = 255;

  public static OwnedRuleId forClass(String className) {
    String id = PREFIX + className;
    if (id.length() <= MAX_LENGTH) {
      return new OwnedRuleId(id);
    }
    String hash = HexFormat.of().formatHex(sha256(className)).substring(0, 16);
    return new OwnedRuleId(id.substring(0, MAX_LENGTH - hash.length() - 1) + "~" + hash);
  }

  /** Whether {@code id} is a rule the operator wrote (for this class or another). */
  public static boolean isOwned(String id) {
    return id != null && id.startsWith(PREFIX);
  }

  public boolean matches(String id) {
    return value.equals(id);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
