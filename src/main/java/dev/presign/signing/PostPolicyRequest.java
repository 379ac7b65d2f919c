package dev.presign.signing;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What one browser POST may upload: exactly this key, exactly this many bytes, exactly this content
 * type, with exactly these extra fields. Everything is validated here, so the signer never signs
 * something S3 would reject or a caller did not mean.
 *
 * @param metadata user metadata without the {@code x-amz-meta-} prefix; keys are lowercased
 * @param successActionStatus 200, 201 or 204, or null for S3's default (204)
 * @param checksumSha256 base64 SHA-256 of the file, or null; S3 then verifies the bytes
 */
public record PostPolicyRequest(
    String bucket,
    String key,
    String contentType,
    long fileSize,
    Duration expiresIn,
    Map<String, String> metadata,
    Integer successActionStatus,
    String checksumSha256) {

  /** S3's own limits: a single POST may carry at most 5 GiB, user metadata at most 2 KiB. */
  public static final long MAX_POST_SIZE = 5L * 1024 * 1024 * 1024;

  private static final int MAX_METADATA_BYTES = 2048;
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern METADATA_KEY = Pattern.compile("[a-z0-9][a-z0-9_-]{0,127}");
  private static final Pattern CHECKSUM = Pattern.compile("[A-Za-z0-9+/]{43}=");

  public PostPolicyRequest {
    Objects.requireNonNull(expiresIn, "expiresIn");
    if (bucket == null || !BUCKET.matcher(bucket).matches()) {
      throw new InvalidRequestException(
          "bucket",
          "must be 3 to 63 lowercase letters, digits, '.' or '-', starting and ending with a letter or digit");
    }
    if (key == null || key.isEmpty() || key.length() > 1024 || hasControlCharacter(key)) {
      throw new InvalidRequestException(
          "key", "must be 1 to 1024 characters without control characters");
    }
    if (contentType == null
        || contentType.isEmpty()
        || contentType.length() > 255
        || hasControlCharacter(contentType)) {
      throw new InvalidRequestException(
          "file_type", "must be a media type such as application/pdf, at most 255 characters");
    }
    if (fileSize <= 0 || fileSize > MAX_POST_SIZE) {
      throw new InvalidRequestException(
          "file_size", "must be a whole number of bytes from 1 to " + MAX_POST_SIZE);
    }
    metadata = validMetadata(metadata);
    if (successActionStatus != null
        && successActionStatus != 200
        && successActionStatus != 201
        && successActionStatus != 204) {
      throw new InvalidRequestException("success_action_status", "must be 200, 201 or 204");
    }
    if (checksumSha256 != null && !CHECKSUM.matcher(checksumSha256).matches()) {
      throw new InvalidRequestException(
          "checksum_sha256",
          "must be the base64 of a 32-byte SHA-256 digest (44 characters ending in '=')");
    }
  }

  /** A request with no metadata, default success status and no checksum. */
  public static PostPolicyRequest of(
      String bucket, String key, String contentType, long fileSize, Duration expiresIn) {
    return new PostPolicyRequest(
        bucket, key, contentType, fileSize, expiresIn, Map.of(), null, null);
  }

  private static Map<String, String> validMetadata(Map<String, String> metadata) {
    if (metadata == null || metadata.isEmpty()) {
      return Map.of();
    }
    Map<String, String> sorted = new TreeMap<>();
    int bytes = 0;
    for (Map.Entry<String, String> entry : metadata.entrySet()) {
      String name = entry.getKey() == null ? "" : entry.getKey().toLowerCase(java.util.Locale.ROOT);
      String value = entry.getValue() == null ? "" : entry.getValue();
      if (!METADATA_KEY.matcher(name).matches()) {
        throw new InvalidRequestException(
            "metadata",
            "keys must be 1 to 128 of a-z, 0-9, '_' and '-', starting with a letter or digit; got '"
                + printable(name)
                + "'");
      }
      if (!isPrintableAscii(value)) {
        throw new InvalidRequestException(
            "metadata", "value of '" + name + "' must be printable ASCII");
      }
      bytes += name.length() + value.length();
      sorted.put(name, value);
    }
    if (bytes > MAX_METADATA_BYTES) {
      throw new InvalidRequestException(
          "metadata", "keys and values together must be at most " + MAX_METADATA_BYTES + " bytes");
    }
    return Map.copyOf(sorted);
  }

  private static boolean hasControlCharacter(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029') {
        return true;
      }
    }
    return false;
  }

  private static boolean isPrintableAscii(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  private static String printable(String value) {
    return EchoSafeText.of(value, 40);
  }
}
