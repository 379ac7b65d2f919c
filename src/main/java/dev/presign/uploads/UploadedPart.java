package dev.presign.uploads;

/** A part S3 holds for a multipart upload, as ListParts reports it (for resume). */
public record UploadedPart(int partNumber, String etag, long size) {}
