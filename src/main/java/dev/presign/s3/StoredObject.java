package dev.presign.s3;

import java.time.Instant;

/**
 * What HeadObject says about an uploaded object; {@code lastModified} may be null, and {@code
 * versionId} is null unless the bucket is versioned.
 */
public record StoredObject(
    long size, String etag, String contentType, Instant lastModified, String versionId) {}
