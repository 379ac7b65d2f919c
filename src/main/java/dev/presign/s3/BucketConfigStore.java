package dev.presign.s3;

import dev.presign.signing.BucketEndpoint;
import dev.presign.signing.SigningCredentials;
import java.util.List;
import software.amazon.awssdk.services.s3.model.CORSRule;

/**
 * Reads and writes a bucket's CORS and lifecycle rules. S3 replaces either configuration whole on a
 * write, so callers read, merge and write back; a read that fails means nothing may be written. No
 * call throws: every failure is an answer ({@link BucketConfigCall.Outcome}).
 */
public interface BucketConfigStore {

  /** The bucket's CORS rules; an empty list when it has none (NoSuchCORSConfiguration). */
  BucketConfigCall<List<CORSRule>> getCors(
      BucketEndpoint endpoint, SigningCredentials credentials, String bucket);

  /** Replaces the bucket's CORS rules with {@code rules} (DeleteBucketCors when empty). */
  BucketConfigCall<Void> putCors(
      BucketEndpoint endpoint, SigningCredentials credentials, String bucket, List<CORSRule> rules);

  /** The bucket's lifecycle rules; none when it has none (NoSuchLifecycleConfiguration). */
  BucketConfigCall<BucketLifecycle> getLifecycle(
      BucketEndpoint endpoint, SigningCredentials credentials, String bucket);

  /**
   * Replaces the bucket's lifecycle configuration with {@code lifecycle} (deletes it when empty).
   */
  BucketConfigCall<Void> putLifecycle(
      BucketEndpoint endpoint,
      SigningCredentials credentials,
      String bucket,
      BucketLifecycle lifecycle);
}
