package dev.presign.s3;

/** What HeadObject says about an uploaded object. */
public record StoredObject(long size, String etag, String contentType) {}
