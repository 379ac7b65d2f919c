package dev.presign.uploads;

import dev.presign.api.v1alpha1.PresignedPost;
import dev.presign.api.v1alpha1.PresignedPut;
import dev.presign.api.v1alpha1.Reasons;
import dev.presign.api.v1alpha1.UploadClassSpec;
import dev.presign.api.v1alpha1.UploadMethod;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestSpec;
import dev.presign.naming.InvalidNameException;
import dev.presign.naming.UploadPlan;
import dev.presign.naming.UploadPlanner;
import dev.presign.signing.AddressingStyle;
import dev.presign.signing.BucketEndpoint;
import dev.presign.signing.InvalidRequestException;
import dev.presign.signing.ObjectUrlPresigner;
import dev.presign.signing.PostPolicyRequest;
import dev.presign.signing.PostPolicySigner;
import dev.presign.signing.SigningCredentials;
import java.time.Duration;
import java.util.UUID;

/**
 * Names and signs one upload: the request's uid becomes the seed's uuid, so the key is the same
 * however often this runs, and a signature lost before its status was written leaves nothing
 * behind.
 */
public final class UploadIssuer {
  private final UploadPlanner planner;
  private final UploadPolicy policy;
  private final PostPolicySigner postSigner;
  private final ObjectUrlPresigner urlPresigner;

  public UploadIssuer(
      UploadPlanner planner,
      UploadPolicy policy,
      PostPolicySigner postSigner,
      ObjectUrlPresigner urlPresigner) {
    this.planner = planner;
    this.policy = policy;
    this.postSigner = postSigner;
    this.urlPresigner = urlPresigner;
  }

  /**
   * @throws ViolationException when the request cannot be named or signed as asked
   */
  public IssuedUpload issue(
      UploadRequest request,
      String className,
      UploadClassSpec uploadClass,
      SigningCredentials credentials) {
    UploadRequestSpec spec = request.getSpec();
    UploadPlan plan = plan(request, className, uploadClass);
    BucketEndpoint endpoint = endpointOf(uploadClass);
    Duration expiresIn = policy.expiresIn(spec, uploadClass);
    try {
      if (policy.method(spec, uploadClass) == UploadMethod.PUT) {
        var put =
            urlPresigner.presignPut(
                endpoint,
                uploadClass.getBucket(),
                plan.key(),
                plan.contentType(),
                spec.getFileSize(),
                expiresIn,
                credentials,
                uploadClass.effectivePutIfNoneMatch(),
                spec.getMetadata(),
                spec.getChecksumSHA256());
        return new IssuedUpload(
            plan,
            uploadClass.getBucket(),
            null,
            new PresignedPut(put.url(), put.headers()),
            put.issuedAt(),
            put.expiresAt());
      }
      PostPolicyRequest postRequest =
          new PostPolicyRequest(
              uploadClass.getBucket(),
              plan.key(),
              plan.contentType(),
              spec.getFileSize(),
              expiresIn,
              spec.getMetadata(),
              uploadClass.getSuccessActionStatus(),
              spec.getChecksumSHA256());
      var post = postSigner.sign(postRequest, credentials, endpoint);
      return new IssuedUpload(
          plan,
          uploadClass.getBucket(),
          new PresignedPost(post.url(), post.fields()),
          null,
          post.issuedAt(),
          post.expiresAt());
    } catch (InvalidRequestException e) {
      throw new ViolationException(Violation.failed(Reasons.INVALID_SPEC, e.field(), e.reason()));
    }
  }

  /**
   * The request's object: key, file name and content type (the class must allow it).
   *
   * @throws ViolationException when the request cannot be named, or its type is not allowed
   */
  public UploadPlan plan(UploadRequest request, String className, UploadClassSpec uploadClass) {
    UploadRequestSpec spec = request.getSpec();
    UploadPlan plan;
    try {
      plan =
          planner.plan(
              UUID.fromString(request.getMetadata().getUid()),
              spec.getOriginalFileName(),
              spec.getContentType(),
              policy.uploadTo(spec, uploadClass),
              uploadClass.effectiveKeyPrefix(),
              policy.keyNamespace(request.getMetadata().getNamespace(), uploadClass));
    } catch (InvalidNameException e) {
      throw new ViolationException(
          Violation.failed(Reasons.INVALID_SPEC, e.field(), e.getMessage()));
    }
    policy
        .checkContentType(plan.contentType(), uploadClass, className)
        .ifPresent(
            v -> {
              throw new ViolationException(v);
            });
    return plan;
  }

  /** Where a class's bucket lives, in the signer's terms. */
  public static BucketEndpoint endpointOf(UploadClassSpec uploadClass) {
    AddressingStyle style =
        uploadClass.effectiveAddressingStyle() == dev.presign.api.v1alpha1.AddressingStyle.PATH
            ? AddressingStyle.PATH
            : AddressingStyle.VIRTUAL;
    return BucketEndpoint.of(uploadClass.effectiveRegion(), uploadClass.getEndpoint(), style);
  }
}
