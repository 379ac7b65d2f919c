package dev.presign.fields;

/**
 * The one definition of each limit on an upload's fields that more than one part of the operator
 * enforces: the CRD schema (through {@code SchemaConstraints}), the policy checks of the upload
 * domain, the HTTP API, the {@code sign} command, the namer and the signer. Each edge words its
 * error in its own way, but builds the numbers in it from here, so the edges cannot drift apart.
 *
 * <p>Patterns use the RE2/ECMA subset that both Java and the Kubernetes API server understand, and
 * are anchored, so they can go into a CRD as they are and into {@code Matcher.matches()}.
 */
public final class FieldLimits {

  /** Longest lifetime of a SigV4 presigned request: 7 days, in seconds. */
  public static final int SIGV4_MAX_EXPIRES_IN_SECONDS = 604_800;

  /** Longest original file name accepted. */
  public static final int MAX_ORIGINAL_FILE_NAME_LENGTH = 4096;

  /** Longest content type (RFC 6838 allows 127 + '/' + 127 characters, plus parameters). */
  public static final int MAX_CONTENT_TYPE_LENGTH = 255;

  /** Longest folder: uploadTo, defaultUploadTo, allowedUploadTo entries and keyPrefix. */
  public static final int MAX_FOLDER_LENGTH = 256;

  /** S3's limit on the length of an object key (UTF-8 bytes). */
  public static final int MAX_OBJECT_KEY_BYTES = 1024;

  /** S3 bucket names: 3-63 lowercase letters, digits, '.' and '-', alphanumeric at both ends. */
  public static final String BUCKET_PATTERN = "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$";

  /** Length of a base64 SHA-256 checksum: 43 characters and one '=' of padding. */
  public static final int CHECKSUM_SHA256_LENGTH = 44;

  /** Base64 of a 32-byte SHA-256 digest. */
  public static final String CHECKSUM_SHA256_PATTERN =
      "^[A-Za-z0-9+/]{" + (CHECKSUM_SHA256_LENGTH - 1) + "}=$";

  /** Most user metadata entries of an upload. */
  public static final int MAX_METADATA_ENTRIES = 32;

  /** Longest user metadata key (without the {@code x-amz-meta-} prefix). */
  public static final int MAX_METADATA_KEY_LENGTH = 128;

  /** Longest user metadata value. */
  public static final int MAX_METADATA_VALUE_LENGTH = 1024;

  /** S3's limit on all user metadata of an object: keys and values together, in bytes (2 KiB). */
  public static final int MAX_METADATA_BYTES = 2048;

  /**
   * A user metadata key as given: ASCII letters, digits, '_' and '-', starting with a letter or
   * digit (S3 lowercases it).
   */
  public static final String METADATA_KEY_PATTERN =
      "^[A-Za-z0-9][A-Za-z0-9_-]{0," + (MAX_METADATA_KEY_LENGTH - 1) + "}$";

  /** S3's limit on one POST or PUT (and on one part): 5 GiB. */
  public static final long MAX_SINGLE_UPLOAD_BYTES = 5L * 1024 * 1024 * 1024;

  /** S3's limit on one object, reached only by a multipart upload: 5 TiB. */
  public static final long MAX_OBJECT_BYTES = 5L * 1024 * 1024 * 1024 * 1024;

  /** S3's smallest part of a multipart upload (all but the last): 5 MiB. */
  public static final long MIN_PART_BYTES = 5L * 1024 * 1024;

  /** S3's largest part of a multipart upload: 5 GiB. */
  public static final long MAX_PART_BYTES = MAX_SINGLE_UPLOAD_BYTES;

  /** S3's most parts of one multipart upload. */
  public static final int MAX_PARTS = 10_000;

  /** Size above which a class chooses multipart when a request does not say: 100 MiB (Uppy's). */
  public static final long DEFAULT_MULTIPART_THRESHOLD_BYTES = 100L * 1024 * 1024;

  private FieldLimits() {}
}
