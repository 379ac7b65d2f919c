package dev.presign.s3;

/** S3 could not answer; worth retrying later. The message never holds credentials. */
public final class ObjectStoreException extends RuntimeException {
  public ObjectStoreException(String message) {
    super(message);
  }
}
