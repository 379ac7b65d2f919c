package dev.presign.uploads;

import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.s3.CredentialsException;
import dev.presign.signing.CredentialsExpiredException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replica that recorded a request over HTTP settles it at once, from the created version: it
 * signs the form (or records why the request fails) with a status write conditional on that
 * version, instead of waiting for a watch event to reach the leader and the leader's write to come
 * back. The leader leaves such a request alone for {@code receiverGrace} (see the reconciler), then
 * issues it itself if nothing was written; a write of both would be refused by the condition, so a
 * request is still signed once.
 *
 * <p>Only what needs nothing the leader alone holds: one form, in the status or a Secret. Opening a
 * multipart upload stays with the leader (one opener per key keeps the adopt-or-create rule), and
 * whatever is not ready yet (a class missing or not Ready, credentials not usable) is left to the
 * leader's reconcile, which says so in the status and retries.
 */
public final class IssueOnReceipt {
  private static final Logger LOG = LoggerFactory.getLogger(IssueOnReceipt.class);

  private final IssueReadiness readiness;
  private final FormIssue forms;
  private final UploadRequestStatuses statuses;
  private final UploadReporter reporter;
  private final ClassCatalog classes;

  public IssueOnReceipt(
      IssueReadiness readiness,
      FormIssue forms,
      UploadRequestStatuses statuses,
      UploadReporter reporter,
      ClassCatalog classes) {
    this.readiness = readiness;
    this.forms = forms;
    this.statuses = statuses;
    this.reporter = reporter;
    this.classes = classes;
  }

  /**
   * Settles {@code created} if this replica can (blocking: call it on a worker).
   *
   * @return the request as written, Issued or Failed; empty when the leader settles it
   */
  public Optional<UploadRequest> settle(UploadRequest created) {
    if (created.getStatus() != null) {
      return Optional.empty(); // a create recovered after a lost answer: someone wrote already
    }
    try {
      IssueReadiness.Verdict verdict = readiness.check(created, classes);
      if (verdict instanceof IssueReadiness.Refused refused) {
        return reporter.report(created, statuses.failed(created, refused.violation()));
      }
      if (verdict instanceof IssueReadiness.Ready ready && !ready.multipart()) {
        return forms.issue(created, ready.className(), ready.classSpec());
      }
      return Optional.empty();
    } catch (ViolationException e) {
      return reporter.report(created, statuses.failed(created, e.violation()));
    } catch (CredentialsException
        | CredentialsExpiredException
        | FormIssue.SecretsForbiddenException
        | KubernetesClientException e) {
      // The leader's reconcile reports these in the status and retries; this caller waits for it.
      LOG.debug(
          "leaving {}/{} to the leader: {}",
          created.getMetadata().getNamespace(),
          created.getMetadata().getName(),
          e.getMessage());
      return Optional.empty();
    }
  }
}
