package dev.presign.uploads;

/**
 * A part as the client says it uploaded it (Uppy's {@code {PartNumber, ETag}}). Only compared with
 * what S3 lists: never trusted on its own.
 */
public record ClientPart(int partNumber, String etag) {}
