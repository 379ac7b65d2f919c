package dev.presign.uploads;

import dev.presign.api.v1alpha1.UploadClass;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestSpec;
import dev.presign.api.v1alpha1.UploadRequestStatus;
import dev.presign.fields.UploadField;
import dev.presign.naming.InvalidNameException;
import dev.presign.naming.UploadPlan;
import dev.presign.naming.UploadPlanner;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The trust boundary of an issued upload. An UploadRequest's status (and its annotations) may be
 * written by a tenant: any Role with {@code resources: ["*"]} covers {@code uploadrequests/status}.
 * So which class, bucket and key an operation touches is never read from the status: it is derived
 * from the immutable spec, the uid and the class as it is now (the key is deterministic), and a
 * status that disagrees is refused, naming the field.
 */
public final class UploadTargets {
  private final UploadPlanner planner;
  private final UploadPolicy policy;

  public UploadTargets(UploadPlanner planner, UploadPolicy policy) {
    this.planner = planner;
    this.policy = policy;
  }

  /**
   * The target of {@code request} in {@code uploadClass}, as the issuer names it.
   *
   * @throws InvalidNameException when the spec cannot be named (such a request is never issued)
   */
  public UploadTarget derive(UploadRequest request, UploadClass uploadClass) {
    return derive(
        request,
        uploadClass,
        policy.keyNamespace(request.getMetadata().getNamespace(), uploadClass.getSpec()));
  }

  /**
   * The same target in the other key layout (with the namespace when the class leaves it out, and
   * the other way round): where a request issued before the class's {@code isolateNamespaces}
   * changed (or before an upgrade made it default on for classes with a namespaceSelector) has its
   * object. Both layouts end in the request's own {@code {uid}-{slug}}, which only this request's
   * form can write, so accepting either still points at nothing but this request's object.
   */
  private UploadTarget deriveInOtherLayout(UploadRequest request, UploadClass uploadClass) {
    String current =
        policy.keyNamespace(request.getMetadata().getNamespace(), uploadClass.getSpec());
    String namespace = request.getMetadata().getNamespace();
    return derive(
        request, uploadClass, current == null ? (namespace == null ? "" : namespace) : null);
  }

  private Optional<UploadTarget> inOtherLayout(
      UploadRequest request, UploadClass uploadClass, String statusKey) {
    try {
      UploadTarget other = deriveInOtherLayout(request, uploadClass);
      return Objects.equals(statusKey, other.key()) ? Optional.of(other) : Optional.empty();
    } catch (IllegalArgumentException e) { // no valid namespace: there is no other layout
      return Optional.empty();
    }
  }

  private UploadTarget derive(UploadRequest request, UploadClass uploadClass, String keyNamespace) {
    UploadRequestSpec spec = request.getSpec();
    UploadPlan plan =
        planner.plan(
            UUID.fromString(request.getMetadata().getUid()),
            spec.getOriginalFileName(),
            spec.getContentType(),
            policy.uploadTo(spec, uploadClass.getSpec()),
            uploadClass.getSpec().effectiveKeyPrefix(),
            keyNamespace);
    return new UploadTarget(uploadClass, uploadClass.getSpec().getBucket(), plan);
  }

  /** The target of an issued request, if its status agrees with it. */
  public Check check(UploadRequest request, ClassCatalog classes) {
    UploadRequestStatus status = request.getStatus();
    String stored = status == null ? null : status.getUploadClassName();
    if (request.getSpec() == null || stored == null) {
      return Check.refused(StatusField.UPLOAD_CLASS, "the upload records no class");
    }
    String requested = request.getSpec().getUploadClassName();
    boolean namedBySpec = requested != null && !requested.isBlank();
    if (namedBySpec && !requested.equals(stored)) {
      return Check.refused(
          StatusField.UPLOAD_CLASS,
          "the status names UploadClass "
              + safe(stored)
              + ", but the request's spec names "
              + requested);
    }
    Optional<UploadClass> uploadClass = classes.byName(stored);
    if (uploadClass.isEmpty()) {
      return Check.classGone(stored);
    }
    if (!namedBySpec && !uploadClass.get().isDefaultClass()) {
      // The spec names no class, so only a default class can be its class.
      return Check.refused(
          StatusField.UPLOAD_CLASS,
          "the status names UploadClass "
              + safe(stored)
              + ", which is not a default class, and the request's spec names none");
    }
    UploadTarget target;
    try {
      target = derive(request, uploadClass.get());
      if (!Objects.equals(status.getKey(), target.key())) {
        target = inOtherLayout(request, uploadClass.get(), status.getKey()).orElse(target);
      }
    } catch (IllegalArgumentException e) { // InvalidNameException, or a uid that is no UUID
      return Check.refused(StatusField.KEY, "the request's spec names no valid object");
    }
    if (!Objects.equals(status.getBucket(), target.bucket())) {
      return Check.refused(
          StatusField.BUCKET,
          "the status names bucket "
              + safe(status.getBucket())
              + ", but UploadClass "
              + target.className()
              + " puts this upload in "
              + target.bucket());
    }
    if (!Objects.equals(status.getKey(), target.key())) {
      return Check.refused(
          StatusField.KEY,
          "the status names key "
              + safe(status.getKey())
              + ", but this upload's key is "
              + target.key());
    }
    return Check.ok(target);
  }

  private static String safe(String value) {
    return value == null ? "(none)" : dev.presign.signing.EchoSafeText.of(value, 128);
  }

  /** The target, or why the status cannot be trusted, or that the class is gone. */
  public record Check(UploadTarget target, StatusField field, String message, String goneClass) {
    static Check ok(UploadTarget target) {
      return new Check(target, null, null, null);
    }

    static Check refused(StatusField field, String message) {
      return new Check(null, field, message, null);
    }

    static Check classGone(String className) {
      return new Check(null, null, null, className);
    }

    public boolean isTrusted() {
      return target != null;
    }

    public boolean isClassGone() {
      return goneClass != null;
    }

    /** The refusal as a condition's violation: the request Failed, reason StatusMismatch. */
    public Violation violation() {
      // A status field is no input of the upload: the path leads the message, as describe() would.
      return Violation.failed(
          dev.presign.api.v1alpha1.Reasons.STATUS_MISMATCH,
          (UploadField) null,
          field.path() + ": " + message + "; the operator never trusts a status it did not write");
    }
  }
}
