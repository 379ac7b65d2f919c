package dev.presign.http;

import dev.presign.api.v1alpha1.Phase;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestStatus;
import dev.presign.uploads.FormSecrets;
import dev.presign.uploads.SignedForm;
import dev.presign.uploads.UploadRequestStatuses;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Objects;

/**
 * Which signed form an HTTP answer carries. A form in the status (the default) goes to everyone the
 * API lets read the upload, as kubectl shows it to everyone who may get uploadrequests. A form in a
 * Secret (UploadClass {@code formDelivery: Secret}) goes to the caller who created the upload and
 * to nobody else: the others see {@code form_secret_name} and, like kubectl users, need get on that
 * Secret. The operator reads the Secret itself (any replica may answer, and the leader that signed
 * may be another process), so it needs get on Secrets in the namespaces it serves.
 */
public final class FormView {
  private final FormSecrets secrets;

  public FormView(FormSecrets secrets) {
    this.secrets = secrets;
  }

  /** The form for the caller that just created {@code request}. Blocking. */
  public SignedForm forCreator(UploadRequest request) {
    return inSecret(request) ? fromSecret(request) : SignedForm.inStatus(request.getStatus());
  }

  /** The form {@code caller} may see in an answer about {@code request}. Blocking. */
  public SignedForm shownTo(Caller caller, UploadRequest request) {
    if (!inSecret(request)) {
      return SignedForm.inStatus(request.getStatus());
    }
    // created-by is written only by the operator's HTTP API (an admission policy keeps it so).
    String creator = UploadRequestStatuses.createdBy(request);
    return creator != null && Objects.equals(creator, caller.username())
        ? fromSecret(request)
        : SignedForm.NONE;
  }

  /** Whether the request's form is kept in a Secret (reading it then blocks). */
  public boolean isInSecret(UploadRequest request) {
    return inSecret(request);
  }

  private static boolean inSecret(UploadRequest request) {
    UploadRequestStatus status = request.getStatus();
    return status != null && status.getFormSecretName() != null;
  }

  private SignedForm fromSecret(UploadRequest request) {
    if (request.getStatus().getPhase() != Phase.ISSUED) {
      return SignedForm.NONE; // finished: the form is gone
    }
    try {
      return secrets.read(request);
    } catch (KubernetesClientException e) {
      throw ApiError.unavailable(
          "The upload is signed but the Kubernetes API server could not hand over its form (HTTP "
              + e.getCode()
              + "); GET it by id shortly.",
          2);
    }
  }
}
