package dev.presign.fields;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One input of an upload, by identity rather than by the name some edge gives it. {@code naming}
 * and {@code signing} throw errors that carry an {@code UploadField}; each edge turns it into its
 * own vocabulary when it reports the error: the HTTP API's snake_case body field, the path of the
 * field in an UploadRequest or UploadClass (the start of a condition message and an Event), or the
 * {@code sign} command's option.
 *
 * <p>Why here: {@code signing} and {@code naming} are siblings that must import neither each other
 * nor an edge ({@code uploads}, {@code api}, {@code http}, {@code cli}), so the identity sits in a
 * leaf package below all of them. Why the three names sit on the constants: the upload domain
 * ({@code uploads}) maps a refusal's CRD path back to the HTTP name and cannot import {@code http}
 * (which imports it), and one constructor call per identity means a new field cannot be added
 * without naming it at every edge, or saying that the edge has no name for it ({@code null} in the
 * table below). The pure packages never read these names.
 */
public enum UploadField {
  // HTTP API (snake_case), CRD path, sign command option (without "--"); null: none at that edge.

  /** The spec as a whole (for example when it is missing). */
  SPEC(null, "spec", null),
  /** The file's name on the uploader's side; the object's file name is derived from it. */
  ORIGINAL_FILE_NAME("original_file_name", "spec.originalFileName", "file-name"),
  /** The file's exact size in bytes. */
  FILE_SIZE("file_size", "spec.fileSize", "size"),
  /** The media type the upload must be sent with. */
  CONTENT_TYPE("file_type", "spec.contentType", "content-type"),
  /** The folder below the key prefix. */
  UPLOAD_TO("upload_to", "spec.uploadTo", "upload-to"),
  /** The UploadClass to upload with. */
  UPLOAD_CLASS("upload_class", "spec.uploadClassName", null),
  /** How long the signed upload stays valid, in seconds. */
  EXPIRES_IN("expires_in", "spec.expiresInSeconds", "expires-in"),
  /** POST form or presigned PUT. */
  METHOD(null, "spec.method", "method"),
  /** User metadata, stored as {@code x-amz-meta-*}. */
  METADATA("metadata", "spec.metadata", null),
  /** Base64 SHA-256 of the file, signed so S3 checks the bytes. */
  CHECKSUM_SHA256("checksum_sha256", "spec.checksumSHA256", null),
  /** Multipart (true), one POST or PUT (false), or the class's threshold decides (unset). */
  MULTIPART("multipart", "spec.multipart", null),
  /** Bytes of each part of a multipart upload but the last. */
  PART_SIZE("part_size", "spec.partSize", null),
  /** The namespace the upload is recorded in. */
  NAMESPACE("namespace", "metadata.namespace", null),
  /** The bucket that receives the upload. */
  BUCKET(null, "uploadClass.spec.bucket", "bucket"),
  /** The bucket's region (SigV4 credential scope). */
  REGION(null, "uploadClass.spec.region", "region"),
  /** The URL of an S3-compatible store. */
  ENDPOINT(null, "uploadClass.spec.endpoint", "endpoint"),
  /** The prefix of every object key. */
  KEY_PREFIX(null, "uploadClass.spec.keyPrefix", "key-prefix"),
  /** The largest file the class allows. */
  MAX_FILE_SIZE(null, "uploadClass.spec.maxFileSize", null),
  /** The size above which the class chooses multipart. */
  MULTIPART_THRESHOLD(null, "uploadClass.spec.multipartThreshold", null),
  /** The HTTP status S3 answers a successful POST with. */
  SUCCESS_ACTION_STATUS(null, "uploadClass.spec.successActionStatus", null),
  /** The object key, derived from the key prefix, the folder and the file name. */
  OBJECT_KEY(null, "status.key", null);

  /** Where the HTTP API reports an error that no field of the request can fix (DRF's name). */
  public static final String HTTP_NON_FIELD_ERRORS = "non_field_errors";

  private static final Map<String, UploadField> BY_HTTP_NAME;
  private static final Map<String, UploadField> BY_CRD_PATH;
  private static final Map<String, UploadField> BY_CLI_OPTION;

  static {
    Map<String, UploadField> http = new HashMap<>();
    Map<String, UploadField> crd = new HashMap<>();
    Map<String, UploadField> cli = new HashMap<>();
    for (UploadField field : values()) {
      field.httpName().ifPresent(name -> unique(http, name, field));
      unique(crd, field.crdPath, field);
      field.cliOption().ifPresent(option -> unique(cli, option, field));
    }
    BY_HTTP_NAME = Collections.unmodifiableMap(http);
    BY_CRD_PATH = Collections.unmodifiableMap(crd);
    BY_CLI_OPTION = Collections.unmodifiableMap(cli);
  }

  private final String httpName;
  private final String crdPath;
  private final String cliOption;

  UploadField(String httpName, String crdPath, String cliOption) {
    this.httpName = httpName;
    this.crdPath = crdPath;
    this.cliOption = cliOption;
  }

  /** The HTTP API's body or query field, e.g. {@code upload_to}; empty when it has none. */
  public Optional<String> httpName() {
    return Optional.ofNullable(httpName);
  }

  /**
   * The field an HTTP error names for a problem with this input: {@link #httpName()}, or {@value
   * #HTTP_NON_FIELD_ERRORS} when the caller cannot set it (a class's setting, a derived value).
   */
  public String httpErrorField() {
    return httpName == null ? HTTP_NON_FIELD_ERRORS : httpName;
  }

  /**
   * Where the field is in the resources, e.g. {@code spec.uploadTo}, {@code
   * uploadClass.spec.keyPrefix} or {@code metadata.namespace}: what a condition message and an
   * Event start with. Every identity has one.
   */
  public String crdPath() {
    return crdPath;
  }

  /** The {@code sign} command's option without its leading {@code --}, e.g. {@code upload-to}. */
  public Optional<String> cliOption() {
    return Optional.ofNullable(cliOption);
  }

  /** {@code spec.uploadTo} → {@link #UPLOAD_TO}; empty for a path no identity has. */
  public static Optional<UploadField> fromCrdPath(String crdPath) {
    return Optional.ofNullable(crdPath).map(BY_CRD_PATH::get);
  }

  /** {@code upload_to} → {@link #UPLOAD_TO}; empty for a name the HTTP API does not use. */
  public static Optional<UploadField> fromHttpName(String httpName) {
    return Optional.ofNullable(httpName).map(BY_HTTP_NAME::get);
  }

  /** {@code upload-to} → {@link #UPLOAD_TO}; empty for an option that is not an upload field. */
  public static Optional<UploadField> fromCliOption(String option) {
    return Optional.ofNullable(option).map(BY_CLI_OPTION::get);
  }

  /**
   * The field an HTTP error names for a problem reported at {@code crdPath} (a refusal read back
   * from a condition): the input's snake_case name, or {@value #HTTP_NON_FIELD_ERRORS} for a path
   * the caller cannot change or no identity has.
   */
  public static String httpErrorFieldFor(String crdPath) {
    return fromCrdPath(crdPath).map(UploadField::httpErrorField).orElse(HTTP_NON_FIELD_ERRORS);
  }

  private static void unique(Map<String, UploadField> names, String name, UploadField field) {
    UploadField before = names.put(name, field);
    if (before != null) {
      throw new IllegalStateException(name + " names both " + before + " and " + field);
    }
  }
}
