package dev.presign.api.v1alpha1;

/** How an upload is signed; serialized as {@code POST} or {@code PUT}. */
public enum UploadMethod {
  /** A browser form POST with a SigV4 POST policy (S3 "POST Object"). */
  POST,
  /** A presigned PUT URL, for stores without POST Object such as Cloudflare R2. */
  PUT
}
