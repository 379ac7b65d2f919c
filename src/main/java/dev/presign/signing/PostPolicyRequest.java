package dev.presign.signing;

import dev.presign.fields.FieldLimits;
import dev.presign.fields.UploadField;
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

  /** S3's own limit: a single POST may carry at most 5 GiB. */
  public static final long MAX_POST_SIZE = 5L * 1024 * 1024 * 1024;

  private static final Pattern BUCKET = Pattern.compile(FieldLimits.BUCKET_PATTERN);
  private static final Pattern CHECKSUM = Pattern.compile(FieldLimits.CHECKSUM_SHA256_PATTERN);

  public PostPolicyRequest {
    Objects.requireNonNull(expiresIn, "expiresIn");
    if (bucket == null || !BUCKET.matcher(bucket).matches()) {
      throw new InvalidRequestException(
          UploadField.BUCKET,
          "must be 3 to 63 lowercase letters, digits, '.' or '-', starting and ending with a letter or digit");
    }
    if (key == null
        || key.isEmpty()
        || key.length() > FieldLimits.MAX_OBJECT_KEY_BYTES
        || hasControlCharacter(key)) {
      throw new InvalidRequestException(
          UploadField.OBJECT_KEY,
          "must be 1 to "
              + FieldLimits.MAX_OBJECT_KEY_BYTES
              + " characters without control characters");
    }
    if (contentType == null
        || contentType.isEmpty()
        || contentType.length() > FieldLimits.MAX_CONTENT_TYPE_LENGTH
        || hasControlCharacter(contentType)) {
      throw new InvalidRequestException(
          UploadField.CONTENT_TYPE,
          "must be a media type such as application/pdf, at most "
              + FieldLimits.MAX_CONTENT_TYPE_LENGTH
              + " characters");
    }
    if (fileSize <= 0 || fileSize > MAX_POST_SIZE) {
      throw new InvalidRequestException(
          UploadField.FILE_SIZE, "must be a whole number of bytes from 1 to " + MAX_POST_SIZE);
    }
    metadata = validMetadata(metadata);
    if (successActionStatus != null
        && successActionStatus != 200
        && successActionStatus != 201
        && successActionStatus != 204) {
      throw new InvalidRequestException(
          UploadField.SUCCESS_ACTION_STATUS, "must be 200, 201 or 204");
    }
    if (checksumSha256 != null && !CHECKSUM.matcher(checksumSha256).matches()) {
      throw new InvalidRequestException(
          UploadField.CHECKSUM_SHA256,
          "must be the base64 of a 32-byte SHA-256 digest ("
              + FieldLimits.CHECKSUM_SHA256_LENGTH
              + " characters ending in '=')");
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
    MetadataRules.problem(metadata)
        .ifPresent(
            problem -> {
              throw new InvalidRequestException(UploadField.METADATA, problem);
            });
    Map<String, String> sorted = new TreeMap<>();
    metadata.forEach(
        (key, value) -> sorted.put(MetadataRules.name(key), value == null ? "" : value));
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
}
