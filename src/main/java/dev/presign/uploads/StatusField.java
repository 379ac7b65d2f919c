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
  OBJECT("status.object");

  private final String path;

  StatusField(String path) {
    this.path = path;
  }

  /** The field's path in the UploadRequest, as {@code kubectl explain} names it. */
  public String path() {
    return path;
  }
}
