package dev.presign.uploads;

import dev.presign.api.v1alpha1.ConditionTypes;
import dev.presign.api.v1alpha1.MultipartStatus;
import dev.presign.api.v1alpha1.Phase;
import dev.presign.api.v1alpha1.Reasons;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestStatus;
import dev.presign.api.v1alpha1.UploadedObject;
import dev.presign.naming.UploadPlan;
import dev.presign.s3.StoredObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Builds the status an UploadRequest should have in each phase, from the status it has. The {@code
 * Ready} condition's reason names the phase; a {@code Failed} or {@code Denied} condition carries
 * the detail of a failure. Building from the current status keeps what earlier phases recorded (the
 * signed form, the key) and keeps unchanged conditions' transition times, so an unchanged outcome
 * yields an equal status and nothing is written.
 */
public final class UploadRequestStatuses {
  public static final String CREATED_BY_ANNOTATION = "uploads.presign.dev/created-by";

  /** Who asked for the upload through the HTTP API (its annotation), or null. */
  public static String createdBy(UploadRequest request) {
    java.util.Map<String, String> annotations = request.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(CREATED_BY_ANNOTATION);
  }

  private final ConditionSetter conditions;

  public UploadRequestStatuses(ConditionSetter conditions) {
    this.conditions = conditions;
  }

  public UploadRequestStatus pending(UploadRequest request, String message) {
    UploadRequestStatus status = base(request);
    status.setPhase(Phase.PENDING);
    return ready(status, request, ConditionTypes.STATUS_FALSE, Reasons.PENDING, message);
  }

  public UploadRequestStatus issued(UploadRequest request, String className, IssuedUpload issued) {
    UploadRequestStatus status = issuedTo(request, className, issued.plan(), issued.bucket());
    status.setPresignedPost(issued.post());
    status.setPresignedPut(issued.put());
    status.setIssuedAt(issued.issuedAt().toString());
    status.setExpiresAt(issued.expiresAt().toString());
    String how = issued.post() != null ? "POST form" : "PUT URL";
    return ready(
        status,
        request,
        ConditionTypes.STATUS_TRUE,
        Reasons.ISSUED,
        "signed " + how + " for " + issued.plan().key() + " valid until " + issued.expiresAt());
  }

  /** Issued, and where the object goes: the part both kinds of issued status share. */
  private UploadRequestStatus issuedTo(
      UploadRequest request, String className, UploadPlan plan, String bucket) {
    UploadRequestStatus status = base(request);
    status.setPhase(Phase.ISSUED);
    status.setUploadClassName(className);
    status.setFileName(plan.fileName());
    status.setKey(plan.key());
    status.setBucket(bucket);
    status.setFileType(plan.contentType());
    status.setUploadTo(plan.uploadTo());
    return status;
  }

  /**
   * Issued as a multipart upload: {@code status.multipart} names the S3 upload, and there is no
   * form, since each part is signed on demand. The Ready message says how (kubectl describe shows
   * it).
   */
  public UploadRequestStatus issuedMultipart(
      UploadRequest request, String className, IssuedMultipart issued) {
    UploadRequestStatus status = issuedTo(request, className, issued.plan(), issued.bucket());
    clearForm(status);
    status.setMultipart(
        new MultipartStatus(
            issued.uploadId(), issued.parts().partSize(), issued.parts().partCount()));
    status.setIssuedAt(issued.issuedAt().toString());
    status.setExpiresAt(issued.expiresAt().toString());
    return ready(
        status,
        request,
        ConditionTypes.STATUS_TRUE,
        Reasons.ISSUED,
        "multipart upload of "
            + issued.parts().partCount()
            + (issued.parts().partCount() == 1 ? " part" : " parts")
            + " of at most "
            + issued.parts().partSize()
            + " bytes to "
            + issued.plan().key()
            + ", open until "
            + issued.expiresAt()
            + "; parts are signed on demand by the HTTP API:"
            + " /api/v1/companion/s3/multipart/{uploadId}/{partNumber}, then completed with"
            + " /api/v1/companion/s3/multipart/{uploadId}/complete");
  }

  /**
   * Issued, with the form delivered in the Secret {@code formSecretName} (UploadClass {@code
   * formDelivery: Secret}): the status names the Secret and carries no form.
   */
  public UploadRequestStatus issuedInSecret(
      UploadRequest request, String className, IssuedUpload issued, String formSecretName) {
    UploadRequestStatus status = issued(request, className, issued);
    clearForm(status);
    status.setFormSecretName(formSecretName);
    return status;
  }

  public UploadRequestStatus uploaded(
      UploadRequest request, StoredObject object, Instant uploadedAt) {
    UploadRequestStatus status = base(request);
    status.setPhase(Phase.UPLOADED);
    status.setUploadedAt(uploadedAt.truncatedTo(ChronoUnit.SECONDS).toString());
    status.setObject(
        new UploadedObject(object.size(), object.etag(), object.contentType(), object.versionId()));
    clearForm(status);
    return ready(
        status,
        request,
        ConditionTypes.STATUS_TRUE,
        Reasons.UPLOADED,
        object.size() + " bytes uploaded to " + status.getBucket() + "/" + status.getKey());
  }

  public UploadRequestStatus expired(UploadRequest request) {
    UploadRequestStatus status = base(request);
    status.setPhase(Phase.EXPIRED);
    clearForm(status);
    return ready(
        status,
        request,
        ConditionTypes.STATUS_FALSE,
        Reasons.EXPIRED,
        "nothing was uploaded to "
            + status.getKey()
            + " before "
            + status.getExpiresAt()
            + "; create a new UploadRequest");
  }

  public UploadRequestStatus failed(UploadRequest request, Violation violation) {
    UploadRequestStatus status = base(request);
    status.setPhase(Phase.FAILED);
    clearForm(status);
    status.setConditions(
        conditions.set(
            status.getConditions(),
            violation.conditionType(),
            ConditionTypes.STATUS_TRUE,
            violation.reason(),
            violation.describe(),
            generation(request)));
    return ready(
        status, request, ConditionTypes.STATUS_FALSE, Phase.FAILED.value(), violation.describe());
  }

  /**
   * A signed form is a bearer credential until it expires: once the request is finished nobody
   * needs it, so it leaves the status (key, bucket and expiresAt stay), and so does the name of a
   * Secret that held it ({@link UploadReporter} deletes that Secret before the finished status is
   * written).
   */
  private static void clearForm(UploadRequestStatus status) {
    status.setPresignedPost(null);
    status.setPresignedPut(null);
    status.setFormSecretName(null);
  }

  /** A copy of the current status (or a fresh one) with id, creator and generation filled in. */
  private static UploadRequestStatus base(UploadRequest request) {
    UploadRequestStatus current = request.getStatus();
    UploadRequestStatus status = new UploadRequestStatus();
    if (current != null) {
      status.setPhase(current.getPhase());
      status.setUploadClassName(current.getUploadClassName());
      status.setFileName(current.getFileName());
      status.setKey(current.getKey());
      status.setBucket(current.getBucket());
      status.setFileType(current.getFileType());
      status.setUploadTo(current.getUploadTo());
      status.setPresignedPost(current.getPresignedPost());
      status.setPresignedPut(current.getPresignedPut());
      status.setMultipart(current.getMultipart());
      status.setFormSecretName(current.getFormSecretName());
      status.setIssuedAt(current.getIssuedAt());
      status.setExpiresAt(current.getExpiresAt());
      status.setUploadedAt(current.getUploadedAt());
      status.setObject(current.getObject());
      status.setConditions(current.getConditions());
    }
    status.setId(request.getMetadata().getUid());
    status.setCreatedBy(createdBy(request));
    status.setObservedGeneration(generation(request));
    return status;
  }

  private UploadRequestStatus ready(
      UploadRequestStatus status,
      UploadRequest request,
      String value,
      String reason,
      String message) {
    status.setConditions(
        conditions.set(
            status.getConditions(),
            ConditionTypes.READY,
            value,
            reason,
            message,
            generation(request)));
    return status;
  }

  private static Long generation(UploadRequest request) {
    return request.getMetadata().getGeneration();
  }
}
