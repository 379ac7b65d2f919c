package dev.presign.s3;

import java.util.List;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.TransitionDefaultMinimumObjectSize;

/**
 * A bucket's lifecycle configuration as read: the rules, kept as S3 returned them so that writing
 * them back changes nothing the operator does not own, and the bucket-wide minimum object size for
 * transitions, which a write that leaves it out would reset (null when S3 sent none).
 */
public record BucketLifecycle(
    List<LifecycleRule> rules,
    TransitionDefaultMinimumObjectSize transitionDefaultMinimumObjectSize) {
  public BucketLifecycle {
    rules = List.copyOf(rules);
  }

  public static BucketLifecycle empty() {
    return new BucketLifecycle(List.of(), null);
  }
}
