package dev.presign.uploads;

import dev.presign.api.v1alpha1.UploadClass;
import dev.presign.naming.UploadPlan;
import dev.presign.signing.BucketEndpoint;

/**
 * Where an upload's bytes are and what they must be, derived from what a tenant cannot write: the
 * request's immutable spec, its uid and its class as it is now.
 */
public record UploadTarget(UploadClass uploadClass, String bucket, UploadPlan plan) {
  public String className() {
    return uploadClass.getMetadata().getName();
  }

  public String key() {
    return plan.key();
  }

  public String contentType() {
    return plan.contentType();
  }

  public BucketEndpoint endpoint() {
    return UploadIssuer.endpointOf(uploadClass.getSpec());
  }
}
