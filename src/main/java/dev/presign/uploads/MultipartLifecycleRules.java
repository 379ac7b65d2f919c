package dev.presign.uploads;

import dev.presign.s3.BucketLifecycle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;

/**
 * The lifecycle rule that makes S3 abort a class's abandoned multipart uploads, and its place among
 * the bucket's other lifecycle rules. The rule is limited to the class's key prefix, so uploads of
 * other classes or other tools in a shared bucket are left alone. Lifecycle rules do not depend on
 * their order: the operator's rule keeps its place when it is there and is added last otherwise;
 * every other rule, and the bucket's minimum object size for transitions, stay as they were.
 */
public final class MultipartLifecycleRules {

  public LifecycleRule ruleFor(OwnedRuleId id, String keyPrefix, int days) {
    return LifecycleRule.builder()
        .id(id.value())
        .status(ExpirationStatus.ENABLED)
        .filter(LifecycleRuleFilter.builder().prefix(keyPrefix).build())
        .abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(days))
        .build();
  }

  /** The configuration to write, or empty when {@code existing} already holds {@code ours}. */
  public Optional<BucketLifecycle> merge(BucketLifecycle existing, LifecycleRule ours) {
    List<LifecycleRule> merged = new ArrayList<>();
    boolean placed = false;
    for (LifecycleRule rule : existing.rules()) {
      if (ours.id().equals(rule.id())) {
        if (!placed) {
          merged.add(ours);
          placed = true;
        }
      } else {
        merged.add(rule);
      }
    }
    if (!placed) {
      merged.add(ours);
    }
    return merged.equals(existing.rules())
        ? Optional.empty()
        : Optional.of(new BucketLifecycle(merged, existing.transitionDefaultMinimumObjectSize()));
  }
}
