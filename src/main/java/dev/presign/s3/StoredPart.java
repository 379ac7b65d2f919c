package dev.presign.s3;

/** A part S3 holds for an open multipart upload; the ETag without its quotes. */
public record StoredPart(int partNumber, String etag, long size) {}
