package dev.presign.uploads;

/**
 * The status fields whose stored value the domain may refuse to trust, named neutrally: each front
 * door names them in its own vocabulary (the HTTP API in snake_case, conditions by {@link
 * #path()}).
 */
public enum StatusField {
  PHASE("status.phase"),
  UPLOAD_CLASS("status.uploadClassName"),
  BUCKET("status.bucket"),
  KEY("status.key"),
  OBJECT("status.object"),
  /** The multipart upload: not multipart, or another uploadId. */
  MULTIPART("status.multipart"),
  /** A part number outside 1..partCount, or a part S3 does not hold. */
  PART_NUMBER("status.multipart.partCount"),
  /** The client's list of parts at completion (missing parts, another ETag). */
  PARTS("status.multipart.parts");

  private final String path;

  StatusField(String path) {
    this.path = path;
  }

  /** The field's path in the UploadRequest, as {@code kubectl explain} names it. */
  public String path() {
    return path;
  }
}
