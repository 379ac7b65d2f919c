package dev.presign.uploads;

import dev.presign.api.v1alpha1.Phase;
import dev.presign.api.v1alpha1.Reasons;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.fields.UploadField;
import java.util.Optional;

/**
 * The one cancel path: an upload that is not finished becomes Failed with reason {@code Cancelled},
 * and its signed form leaves the status. S3 cannot revoke a signed POST policy or PUT URL, so a
 * client that kept the form can still upload until it expires; nothing will confirm, record or sign
 * a download for such an upload. Cancelling a finished upload changes nothing (a cancelled, expired
 * or failed one is answered as it is; an uploaded one is a conflict).
 *
 * <p>A multipart upload can be ended for real: once the cancel is recorded, its S3 upload is
 * aborted here and now (best effort; its finalizer keeps the leader trying until S3 answers), so
 * parts signed earlier can no longer be uploaded or completed.
 */
public final class UploadCancellation {
  private final UploadRequestStatuses statuses;
  private final UploadReporter reporter;
  private final UploadRequestReader reader;
  private final MultipartAborts multipartAborts;
  private final ClassCatalog classes;

  public UploadCancellation(
      UploadRequestStatuses statuses,
      UploadReporter reporter,
      UploadRequestReader reader,
      MultipartAborts multipartAborts,
      ClassCatalog classes) {
    this.statuses = statuses;
    this.reporter = reporter;
    this.reader = reader;
    this.multipartAborts = multipartAborts;
    this.classes = classes;
  }

  /**
   * @param by who cancels, for the condition and the Event
   * @return the request as it is after the cancel
   * @throws UploadRefusal CONFLICT when it is already uploaded; UNAVAILABLE when the API server
   *     cannot be reached or the request keeps changing
   */
  public UploadRequest cancel(UploadRequest request, String by) {
    return reader.applyWithOneReread(
        request,
        current -> {
          Phase phase = current.getStatus() == null ? null : current.getStatus().getPhase();
          if (phase == Phase.UPLOADED) {
            throw UploadRefusal.conflict(
                StatusField.PHASE, "the upload is complete; there is nothing to cancel");
          }
          if (phase != null && phase.isTerminal()) {
            return Optional.of(current);
          }
          Violation cancelled =
              Violation.failed(
                  Reasons.CANCELLED,
                  (UploadField) null,
                  "cancelled by " + by + " before an upload was confirmed");
          Optional<UploadRequest> written =
              reporter.report(current, statuses.failed(current, cancelled));
          written
              .filter(w -> w.getStatus().getMultipart() != null)
              .ifPresent(w -> multipartAborts.abortNow(w, classes));
          return written;
        });
  }
}
