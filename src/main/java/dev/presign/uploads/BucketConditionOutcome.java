package dev.presign.uploads;

import dev.presign.api.v1alpha1.ConditionTypes;

/** A condition about a bucket's configuration, ready to be set: status, reason and message. */
public record BucketConditionOutcome(String status, String reason, String message) {
  static BucketConditionOutcome isTrue(String reason, String message) {
    return new BucketConditionOutcome(ConditionTypes.STATUS_TRUE, reason, message);
  }

  static BucketConditionOutcome isFalse(String reason, String message) {
    return new BucketConditionOutcome(ConditionTypes.STATUS_FALSE, reason, message);
  }

  static BucketConditionOutcome unknown(String reason, String message) {
    return new BucketConditionOutcome(ConditionTypes.STATUS_UNKNOWN, reason, message);
  }
}
