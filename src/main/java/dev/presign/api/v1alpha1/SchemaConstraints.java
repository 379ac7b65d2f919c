package dev.presign.api.v1alpha1;

import dev.presign.fields.FieldLimits;

/**
 * Limits and patterns of the CRD schemas, shared by the model annotations and by code that checks
 * input before it creates a resource (so an HTTP caller gets the same answer as {@code kubectl}).
 * Patterns use the RE2/ECMA subset that both Java and the Kubernetes API server understand.
 *
 * <p>A limit that the signer or the namer enforces too is defined in {@link FieldLimits} (they
 * cannot import this package) and only referred to here, so each number is written once.
 */
public final class SchemaConstraints {

  /** Longest lifetime of a SigV4 presigned request: 7 days. */
  public static final int SIGV4_MAX_EXPIRES_IN_SECONDS = FieldLimits.SIGV4_MAX_EXPIRES_IN_SECONDS;

  /** S3 bucket names: 3-63 lowercase letters, digits, '.' and '-', alphanumeric at both ends. */
  public static final String BUCKET_PATTERN = FieldLimits.BUCKET_PATTERN;

  /** A region is one token of the SigV4 credential scope, so it must not contain '/'. */
  public static final String REGION_PATTERN = "^[A-Za-z0-9_-]{1,64}$";

  /** Empty (AWS) or an http(s) URL without whitespace. */
  public static final String ENDPOINT_PATTERN = "^(https?://[^\\s/?#]+[^\\s]*)?$";

  /**
   * An endpoint with a user name or password before its host ({@code https://user:pass@host}): an
   * '@' between the scheme and the first '/', '?' or '#'. Refused (a CEL rule), never stored.
   */
  public static final String ENDPOINT_USERINFO_PATTERN = "^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*@";

  /**
   * A notification URL (UploadClass spec.notify.url): http or https, a host, then an optional path
   * and query, never a fragment or whitespace. A user name or password is refused by a rule of its
   * own ({@link #ENDPOINT_USERINFO_PATTERN}).
   */
  public static final String NOTIFY_URL_PATTERN = "^https?://[^\\s/?#]+([/?][^\\s#]*)?$";

  /** A key in a Secret's data (letters, digits, '-', '_' and '.'), as Kubernetes allows. */
  public static final String SECRET_KEY_PATTERN = "^[-._a-zA-Z0-9]+$";

  /**
   * One or more folder segments separated by '/', optionally ending in '/'. A segment consists of
   * letters, digits, '.', '_' and '-' and does not start with '.', so '.' and '..' are impossible.
   */
  public static final String UPLOAD_TO_PATTERN =
      "^[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*/?$";

  /** Empty, or folder segments (as in {@link #UPLOAD_TO_PATTERN}) each followed by '/'. */
  public static final String KEY_PREFIX_PATTERN = "^([A-Za-z0-9_-][A-Za-z0-9._-]*/)*$";

  /** A MIME type ({@code type/subtype}), optionally followed by parameters. */
  public static final String CONTENT_TYPE_PATTERN =
      "^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*( *;[ -~]*)?$";

  /** An allowed content type: exact {@code type/subtype} or a wildcard {@code type/*}. */
  public static final String CONTENT_TYPE_RULE_PATTERN =
      "^([A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*|[*])/([A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*|[*])$";

  /**
   * A non-negative Kubernetes quantity such as {@code 100Mi}, {@code 5G} or {@code 1000} (the usual
   * quantity grammar without a minus sign).
   */
  public static final String QUANTITY_PATTERN =
      "^[+]?(([0-9]+([.][0-9]*)?)|([.][0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE][+-]?(([0-9]+([.][0-9]*)?)|([.][0-9]+))))?$";

  /** Base64 of a 32-byte SHA-256 digest: 43 characters and one '=' of padding. */
  public static final String CHECKSUM_SHA256_PATTERN = FieldLimits.CHECKSUM_SHA256_PATTERN;

  /** A DNS-1123 subdomain, as object names (Secrets, UploadClasses) are. */
  public static final String DNS_SUBDOMAIN_PATTERN =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  /** A DNS-1123 label, as namespace names are. */
  public static final String DNS_LABEL_PATTERN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

  /** Longest object name (DNS-1123 subdomain). */
  public static final int MAX_NAME_LENGTH = 253;

  /** Longest namespace name (DNS-1123 label). */
  public static final int MAX_NAMESPACE_LENGTH = 63;

  /** Longest endpoint URL. */
  public static final int MAX_ENDPOINT_LENGTH = 2048;

  /** Longest original file name accepted in a spec. */
  public static final int MAX_ORIGINAL_FILE_NAME_LENGTH = FieldLimits.MAX_ORIGINAL_FILE_NAME_LENGTH;

  /** Longest content type (RFC 6838 allows 127 + '/' + 127 characters, plus parameters). */
  public static final int MAX_CONTENT_TYPE_LENGTH = FieldLimits.MAX_CONTENT_TYPE_LENGTH;

  /** Longest folder (uploadTo, defaultUploadTo, allowedUploadTo entries, keyPrefix). */
  public static final int MAX_FOLDER_LENGTH = FieldLimits.MAX_FOLDER_LENGTH;

  /** Most entries in allowedUploadTo and allowedContentTypes. */
  public static final int MAX_ALLOW_LIST_ENTRIES = 64;

  /** Most user metadata entries of an upload. */
  public static final int MAX_METADATA_ENTRIES = FieldLimits.MAX_METADATA_ENTRIES;

  /** Longest user metadata key (without the {@code x-amz-meta-} prefix). */
  public static final int MAX_METADATA_KEY_LENGTH = FieldLimits.MAX_METADATA_KEY_LENGTH;

  /** Longest user metadata value. */
  public static final int MAX_METADATA_VALUE_LENGTH = FieldLimits.MAX_METADATA_VALUE_LENGTH;

  /** Length of a base64 SHA-256 checksum. */
  public static final int CHECKSUM_SHA256_LENGTH = FieldLimits.CHECKSUM_SHA256_LENGTH;

  private SchemaConstraints() {}
}
