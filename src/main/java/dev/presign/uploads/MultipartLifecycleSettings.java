package dev.presign.uploads;

import dev.presign.api.v1alpha1.BucketConditions;
import dev.presign.api.v1alpha1.UploadClassSpec;
import dev.presign.s3.BucketConfigCall;
import dev.presign.s3.BucketConfigStore;
import dev.presign.s3.BucketLifecycle;
import dev.presign.signing.BucketEndpoint;
import dev.presign.signing.SigningCredentials;
import java.util.Optional;
import software.amazon.awssdk.services.s3.model.LifecycleRule;

/**
 * Keeps the lifecycle rule of spec.abortIncompleteMultipartUploadDays on a class's bucket: reads
 * the bucket's lifecycle configuration, merges the operator's rule in and writes it back when it
 * differs. Never writes without a successful read (S3 replaces the configuration whole). The answer
 * is the MultipartLifecycleReady condition; nothing at all when the field is not set.
 */
public final class MultipartLifecycleSettings {
  private final BucketConfigStore store;
  private final MultipartLifecycleRules rules;

  public MultipartLifecycleSettings(BucketConfigStore store) {
    this(store, new MultipartLifecycleRules());
  }

  MultipartLifecycleSettings(BucketConfigStore store, MultipartLifecycleRules rules) {
    this.store = store;
    this.rules = rules;
  }

  public Optional<BucketConditionOutcome> reconcile(
      String className,
      UploadClassSpec spec,
      BucketEndpoint endpoint,
      SigningCredentials credentials) {
    Integer days = spec.getAbortIncompleteMultipartUploadDays();
    if (days == null) {
      return Optional.empty();
    }
    if (days < 1 || days > UploadClassSpec.MAX_ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS) {
      return Optional.of(
          BucketConditionOutcome.isFalse(
              BucketConditions.INVALID_SPEC,
              "spec.abortIncompleteMultipartUploadDays: must be 1-"
                  + UploadClassSpec.MAX_ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS
                  + ", not "
                  + days));
    }
    OwnedRuleId id = OwnedRuleId.forClass(className);
    String prefix = spec.effectiveKeyPrefix();
    LifecycleRule ours = rules.ruleFor(id, prefix, days);
    String rule =
        "lifecycle rule "
            + id.value()
            + " (abort multipart uploads under '"
            + prefix
            + "' "
            + days
            + (days == 1 ? " day" : " days")
            + " after they start)";
    String bucket = spec.getBucket();
    BucketConfigCall<BucketLifecycle> read = store.getLifecycle(endpoint, credentials, bucket);
    if (!read.isOk()) {
      return Optional.of(
          switch (read.outcome()) {
            case ACCESS_DENIED ->
                BucketConditionOutcome.unknown(
                    BucketConditions.ACCESS_DENIED,
                    "the class's credentials may not read the lifecycle rules of bucket "
                        + bucket
                        + " ("
                        + read.detail()
                        + "); the operator writes its rule only beside the rules it has read, so"
                        + " it wrote nothing: allow s3:GetLifecycleConfiguration and"
                        + " s3:PutLifecycleConfiguration, or add the "
                        + rule
                        + " by hand");
            case UNSUPPORTED -> unsupported(bucket, read.detail());
            default -> BucketConditionOutcome.unknown(BucketConditions.CHECK_FAILED, read.detail());
          });
    }
    Optional<BucketLifecycle> merged = rules.merge(read.value(), ours);
    if (merged.isEmpty()) {
      return Optional.of(applied(bucket, rule));
    }
    BucketConfigCall<Void> write = store.putLifecycle(endpoint, credentials, bucket, merged.get());
    return Optional.of(
        switch (write.outcome()) {
          case OK -> applied(bucket, rule);
          case ACCESS_DENIED ->
              BucketConditionOutcome.isFalse(
                  BucketConditions.ACCESS_DENIED,
                  "the class's credentials may not write the lifecycle rules of bucket "
                      + bucket
                      + " ("
                      + write.detail()
                      + "); allow s3:PutLifecycleConfiguration, or add the "
                      + rule
                      + " by hand");
          case UNSUPPORTED -> unsupported(bucket, write.detail());
          case FAILED ->
              BucketConditionOutcome.unknown(BucketConditions.CHECK_FAILED, write.detail());
        });
  }

  private static BucketConditionOutcome applied(String bucket, String rule) {
    return BucketConditionOutcome.isTrue(
        BucketConditions.APPLIED, "bucket " + bucket + " has the " + rule);
  }

  private static BucketConditionOutcome unsupported(String bucket, String detail) {
    return BucketConditionOutcome.isFalse(
        BucketConditions.UNSUPPORTED,
        "the store of bucket "
            + bucket
            + " has no lifecycle rules ("
            + detail
            + "): abandoned multipart uploads stay until something aborts them; remove"
            + " spec.abortIncompleteMultipartUploadDays, or clean up with the store's own tools");
  }
}
