package dev.presign.s3;

import java.time.Instant;

/** What HeadObject says about an uploaded object; {@code lastModified} may be null. */
public record StoredObject(long size, String etag, String contentType, Instant lastModified) {}
