package dev.presign.uploads;

import dev.presign.api.v1alpha1.FormDelivery;
import dev.presign.api.v1alpha1.UploadClassSpec;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestStatus;
import dev.presign.s3.CredentialsException;
import dev.presign.signing.CredentialsExpiredException;
import dev.presign.signing.SigningCredentials;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.Optional;

/**
 * Signs one form (a POST policy or a presigned PUT) for a request whose class is Ready, and reports
 * it Issued: in the status, or in a Secret first when the class says {@code formDelivery: Secret}.
 * The report is conditional on the version read, so of two signers only one form is ever recorded.
 */
public final class FormIssue {
  private final UploadIssuer issuer;
  private final ClassCredentials classCredentials;
  private final FormSecrets formSecrets;
  private final UploadRequestStatuses statuses;
  private final UploadReporter reporter;
  private final UploadMetrics metrics;

  public FormIssue(
      UploadIssuer issuer,
      ClassCredentials classCredentials,
      FormSecrets formSecrets,
      UploadRequestStatuses statuses,
      UploadReporter reporter,
      UploadMetrics metrics) {
    this.issuer = issuer;
    this.classCredentials = classCredentials;
    this.formSecrets = formSecrets;
    this.statuses = statuses;
    this.reporter = reporter;
    this.metrics = metrics;
  }

  /**
   * @return the request as written (Issued); empty when it changed since {@code request} was read
   * @throws ViolationException when the request cannot be named or signed as asked
   * @throws CredentialsException when the class's credentials cannot be loaded
   * @throws CredentialsExpiredException when they expire before the form would
   * @throws SecretsForbiddenException when the form belongs in a Secret the operator may not write
   * @throws KubernetesClientException when the API server cannot answer
   */
  public Optional<UploadRequest> issue(
      UploadRequest request, String className, UploadClassSpec classSpec) {
    SigningCredentials credentials = classCredentials.resolve(classSpec).credentials();
    long started = System.nanoTime();
    IssuedUpload issued = issuer.issue(request, className, classSpec, credentials);
    metrics.signed(System.nanoTime() - started);
    UploadRequestStatus next;
    if (classSpec.effectiveFormDelivery() == FormDelivery.SECRET) {
      // The Secret first, then the status: a form stored earlier for this request is reused.
      IssuedUpload delivered;
      try {
        delivered = formSecrets.deliver(request, issued);
      } catch (KubernetesClientException e) {
        if (e.getCode() == HttpURLConnection.HTTP_FORBIDDEN) {
          throw new SecretsForbiddenException(request.getMetadata().getNamespace(), e);
        }
        throw e;
      }
      next = statuses.issuedInSecret(request, className, delivered, FormSecrets.nameOf(request));
    } else {
      next = statuses.issued(request, className, issued);
    }
    return reporter.report(request, next);
  }

  /** RBAC, not the request, is wrong: the operator may not keep forms in this namespace. */
  public static final class SecretsForbiddenException extends RuntimeException {
    private final String namespace;

    SecretsForbiddenException(String namespace, Throwable cause) {
      super("the operator may not get, create or delete Secrets in namespace " + namespace, cause);
      this.namespace = namespace;
    }

    public String namespace() {
      return namespace;
    }
  }
}
