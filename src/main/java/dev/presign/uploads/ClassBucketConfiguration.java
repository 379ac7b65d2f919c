package dev.presign.uploads;

import dev.presign.api.v1alpha1.BucketConditions;
import dev.presign.api.v1alpha1.ConditionTypes;
import dev.presign.api.v1alpha1.UploadClassSpec;
import dev.presign.signing.BucketEndpoint;
import dev.presign.signing.SigningCredentials;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import java.util.Optional;

/**
 * The conditions of an UploadClass about its bucket's configuration (CORSReady and, with
 * spec.abortIncompleteMultipartUploadDays, MultipartLifecycleReady), brought up to date after each
 * bucket probe. Only a Ready class is looked at: without working credentials and a bucket there is
 * nothing to ask, and the conditions say so (Unknown, ClassNotReady).
 */
public final class ClassBucketConfiguration {
  /** The class's credentials and bucket endpoint, once its probe succeeded. */
  public record ReadyBucket(BucketEndpoint endpoint, SigningCredentials credentials) {}

  private final BucketCorsSettings cors;
  private final MultipartLifecycleSettings lifecycle;
  private final ConditionSetter conditions;

  public ClassBucketConfiguration(
      BucketCorsSettings cors, MultipartLifecycleSettings lifecycle, ConditionSetter conditions) {
    this.cors = cors;
    this.lifecycle = lifecycle;
    this.conditions = conditions;
  }

  public List<Condition> update(
      List<Condition> current,
      String className,
      UploadClassSpec spec,
      Long generation,
      Optional<ReadyBucket> ready) {
    BucketConditionOutcome corsOutcome =
        ready
            .map(b -> cors.reconcile(className, spec, b.endpoint(), b.credentials()))
            .orElseGet(ClassBucketConfiguration::notReady);
    List<Condition> next = set(current, BucketConditions.CORS_READY, corsOutcome, generation);
    if (spec.getAbortIncompleteMultipartUploadDays() == null) {
      return conditions.remove(next, BucketConditions.MULTIPART_LIFECYCLE_READY);
    }
    BucketConditionOutcome lifecycleOutcome =
        ready
            .flatMap(b -> lifecycle.reconcile(className, spec, b.endpoint(), b.credentials()))
            .orElseGet(ClassBucketConfiguration::notReady);
    return set(next, BucketConditions.MULTIPART_LIFECYCLE_READY, lifecycleOutcome, generation);
  }

  private List<Condition> set(
      List<Condition> current, String type, BucketConditionOutcome outcome, Long generation) {
    return conditions.set(
        current, type, outcome.status(), outcome.reason(), outcome.message(), generation);
  }

  private static BucketConditionOutcome notReady() {
    return new BucketConditionOutcome(
        ConditionTypes.STATUS_UNKNOWN,
        BucketConditions.CLASS_NOT_READY,
        "the bucket's configuration is checked once the class is Ready");
  }
}
