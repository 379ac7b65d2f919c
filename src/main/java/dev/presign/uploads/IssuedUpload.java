package dev.presign.uploads;

import dev.presign.api.v1alpha1.PresignedPost;
import dev.presign.api.v1alpha1.PresignedPut;
import dev.presign.naming.UploadPlan;
import java.time.Instant;

/** A signed upload, ready to be written into a status: exactly one of post and put is set. */
public record IssuedUpload(
    UploadPlan plan,
    String bucket,
    PresignedPost post,
    PresignedPut put,
    Instant issuedAt,
    Instant expiresAt) {}
