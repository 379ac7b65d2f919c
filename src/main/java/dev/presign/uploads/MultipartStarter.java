package dev.presign.uploads;

import dev.presign.api.v1alpha1.UploadClassSpec;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.naming.UploadPlan;
import dev.presign.s3.MultipartStore;
import dev.presign.s3.OpenUpload;
import dev.presign.signing.BucketEndpoint;
import dev.presign.signing.MetadataRules;
import dev.presign.signing.SigningCredentials;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The leader's CreateMultipartUpload, once per request across restarts and failover. The key holds
 * the request's uid, so any upload S3 has open for it was created for this request: it is looked
 * for first (ListMultipartUploads) and adopted, and only when there is none is one created. A
 * leader that dies between the create and the status write leaves an upload the next one adopts
 * instead of creating another; two leaders racing may both create, and the loser's status write
 * fails (the write is conditional) and its upload is aborted later as an orphan ({@link
 * MultipartAborts#abortOrphans}).
 */
public final class MultipartStarter {
  private final UploadIssuer issuer;
  private final UploadPolicy policy;
  private final MultipartStore store;
  private final Clock clock;

  public MultipartStarter(
      UploadIssuer issuer, UploadPolicy policy, MultipartStore store, Clock clock) {
    this.issuer = issuer;
    this.policy = policy;
    this.store = store;
    this.clock = clock;
  }

  /**
   * @throws ViolationException when the request cannot be named or cut into parts
   * @throws dev.presign.s3.ObjectStoreException when S3 cannot be asked now (nothing to record)
   */
  public IssuedMultipart start(
      UploadRequest request,
      String className,
      UploadClassSpec uploadClass,
      SigningCredentials credentials) {
    UploadPlan plan = issuer.plan(request, className, uploadClass);
    PartSizeRule.PartPlan parts = policy.partPlan(request.getSpec());
    BucketEndpoint endpoint = UploadIssuer.endpointOf(uploadClass);
    String bucket = uploadClass.getBucket();
    List<OpenUpload> open = store.openUploads(endpoint, credentials, bucket, plan.key());
    String uploadId;
    boolean adopted = !open.isEmpty();
    if (adopted) {
      // The oldest: the one any other leader looking now would adopt too.
      uploadId = open.get(0).uploadId();
    } else {
      uploadId =
          store.create(
              endpoint,
              credentials,
              bucket,
              plan.key(),
              plan.contentType(),
              metadata(request.getSpec().getMetadata()));
    }
    Instant issuedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant expiresAt = issuedAt.plus(policy.expiresIn(request.getSpec(), uploadClass));
    return new IssuedMultipart(plan, bucket, uploadId, parts, adopted, issuedAt, expiresAt);
  }

  /** User metadata as S3 stores it (names lowercased), as a POST or PUT would have sent it. */
  private static Map<String, String> metadata(Map<String, String> metadata) {
    if (metadata == null || metadata.isEmpty()) {
      return null;
    }
    Map<String, String> named = new TreeMap<>();
    metadata.forEach((name, value) -> named.put(MetadataRules.name(name), value));
    return named;
  }
}
