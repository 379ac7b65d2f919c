package dev.presign.s3;

import java.time.Instant;

/** A multipart upload S3 has open for a key. */
public record OpenUpload(String uploadId, Instant initiated) {}
