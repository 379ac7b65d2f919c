package dev.presign.uploads;

import dev.presign.naming.UploadPlan;
import java.time.Instant;

/** A multipart upload S3 has open for a request, ready to be written into its status. */
public record IssuedMultipart(
    UploadPlan plan,
    String bucket,
    String uploadId,
    PartSizeRule.PartPlan parts,
    boolean adopted,
    Instant issuedAt,
    Instant expiresAt) {}
