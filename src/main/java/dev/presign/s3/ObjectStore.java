package dev.presign.s3;

import dev.presign.signing.BucketEndpoint;
import dev.presign.signing.SigningCredentials;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The two questions the operator asks S3: is the bucket there, and is the object there. */
public final class ObjectStore {
  private final S3ClientCache clients;
  private final HttpHeadObject heads;

  /**
   * @param heads HeadObject, the call made for every pending upload, without the SDK client's
   *     pipeline; HeadBucket (once per class and probe interval) keeps the SDK client
   */
  public ObjectStore(S3ClientCache clients, HttpHeadObject heads) {
    this.clients = clients;
    this.heads = heads;
  }

  public BucketProbe headBucket(
      BucketEndpoint endpoint, SigningCredentials credentials, String bucket) {
    try (S3ClientCache.Lease lease = clients.acquire(endpoint, credentials)) {
      lease.client().headBucket(b -> b.bucket(bucket));
      return BucketProbe.success(bucket);
    } catch (S3Exception e) {
      return switch (e.statusCode()) {
        case 404 ->
            BucketProbe.failure(
                "BucketNotFound",
                "bucket "
                    + bucket
                    + " does not exist at "
                    + where(endpoint)
                    + "; create it or fix spec.bucket");
        case 301, 400 ->
            BucketProbe.failure(
                "BucketProbeFailed",
                "bucket "
                    + bucket
                    + " answered HTTP "
                    + e.statusCode()
                    + " at "
                    + where(endpoint)
                    + "; check spec.region and spec.endpoint");
        case 401, 403 ->
            BucketProbe.failure(
                "CredentialsInvalid",
                "S3 refused the class's credentials for bucket "
                    + bucket
                    + " (HTTP "
                    + e.statusCode()
                    + "); check the access key and that it may s3:ListBucket, s3:PutObject and s3:GetObject");
        default ->
            BucketProbe.failure(
                "BucketProbeFailed",
                "HeadBucket on "
                    + bucket
                    + " answered HTTP "
                    + e.statusCode()
                    + " at "
                    + where(endpoint));
      };
    } catch (SdkClientException e) {
      return BucketProbe.failure(
          "BucketProbeFailed",
          "cannot reach " + where(endpoint) + ": " + firstLine(e.getMessage()));
    }
  }

  /**
   * @return the object, or empty when it does not exist (yet)
   * @throws ObjectStoreException when S3 cannot answer (unreachable, 403, 5xx)
   */
  public Optional<StoredObject> headObject(
      BucketEndpoint endpoint, SigningCredentials credentials, String bucket, String key) {
    return heads.head(endpoint, credentials, bucket, key);
  }

  static String where(BucketEndpoint endpoint) {
    return endpoint.isAws() ? "AWS S3 in " + endpoint.region() : endpoint.endpoint().toString();
  }

  static String stripQuotes(String etag) {
    if (etag != null && etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")) {
      return etag.substring(1, etag.length() - 1);
    }
    return etag;
  }

  static String firstLine(String message) {
    if (message == null) {
      return "no detail";
    }
    int newline = message.indexOf('\n');
    String line = newline < 0 ? message : message.substring(0, newline);
    return line.length() > 200 ? line.substring(0, 200) : line;
  }
}
