package dev.presign.uploads;

import dev.presign.api.v1alpha1.ConditionTypes;
import dev.presign.api.v1alpha1.Phase;
import dev.presign.api.v1alpha1.Reasons;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.Optional;

/**
 * Reports an UploadRequest's outcome as status, Event and metric together, as cert-manager's
 * reporter does: the status is written only if the request is still the version that was read
 * ({@link ConditionalStatusWriter}), and the Event and the metric follow only a write that landed
 * and that changed the phase (no Event for the routine steps of a request made over HTTP: {@link
 * #isRoutine}). Every front door (reconciler, HTTP API) reports through here, so a phase is
 * announced once, in the same words, whoever reached it.
 *
 * <p>A finished upload needs no form: when a request whose form is in a Secret (UploadClass {@code
 * formDelivery: Secret}) is about to be reported finished, its Secret is deleted first. First, so
 * that a failed delete leaves the request unfinished and the caller retries, rather than a finished
 * request whose form lingers; a finished phase is decided from facts that stay true (the expiry
 * passed, the object is stored, a cancel was asked for), so a write refused as stale after the
 * delete is decided the same way again.
 *
 * <p>A finished phase owes a completion notification when the class has {@code spec.notify}: {@link
 * CompletionNotices} adds the record of it to the same status write, and hears of the write that
 * landed.
 */
public final class UploadReporter {
  private final ConditionalStatusWriter writer;
  private final EventRecorder events;
  private final UploadMetrics metrics;
  private final FormSecrets formSecrets;
  private final CompletionNotices notices;

  public UploadReporter(
      ConditionalStatusWriter writer,
      EventRecorder events,
      UploadMetrics metrics,
      FormSecrets formSecrets,
      CompletionNotices notices) {
    this.writer = writer;
    this.events = events;
    this.metrics = metrics;
    this.formSecrets = formSecrets;
    this.notices = notices;
  }

  /**
   * @return the request as written; empty when it changed since {@code read} was read (nothing was
   *     written, announced or counted)
   * @throws io.fabric8.kubernetes.client.KubernetesClientException when the API server cannot
   *     answer
   */
  public Optional<UploadRequest> report(UploadRequest read, UploadRequestStatus next) {
    boolean finishing =
        next.getPhase() != null && next.getPhase().isTerminal() && next.getPhase() != phaseOf(read);
    if (next.getPhase() != null && next.getPhase().isTerminal()) {
      formSecrets.retire(read);
    }
    // The notification is owed in the same write as the phase: never one without the other.
    UploadRequestStatus toWrite = finishing ? notices.owed(read, next) : next;
    Optional<UploadRequest> written = writer.write(read, toWrite);
    if (written.isPresent() && next.getPhase() != phaseOf(read)) {
      announce(read, next);
      if (finishing) {
        notices.finished(written.get());
      }
    }
    return written;
  }

  private void announce(UploadRequest request, UploadRequestStatus next) {
    if (next.getPhase() == Phase.PENDING) {
      return; // waiting is not news: the Ready condition says what for
    }
    metrics.phase(next.getPhase());
    if (isRoutine(request, next.getPhase())) {
      return;
    }
    switch (next.getPhase()) {
      case ISSUED ->
          events.record(
              request,
              EventRecorder.NORMAL,
              Reasons.ISSUED,
              (next.getMultipart() != null
                      ? "Opened a multipart upload of "
                          + request.getSpec().getFileSize()
                          + " bytes in "
                          + next.getMultipart().getPartCount()
                          + " parts to "
                      : "Signed upload of " + request.getSpec().getFileSize() + " bytes to ")
                  + next.getKey()
                  + ", valid until "
                  + next.getExpiresAt());
      case UPLOADED ->
          events.record(
              request,
              EventRecorder.NORMAL,
              Reasons.UPLOADED,
              next.getObject().getSize()
                  + " bytes arrived at "
                  + next.getKey()
                  + " (etag "
                  + next.getObject().getEtag()
                  + ")");
      case EXPIRED ->
          events.record(
              request,
              EventRecorder.NORMAL,
              Reasons.EXPIRED,
              "Nothing was uploaded to " + next.getKey() + " before " + next.getExpiresAt());
      case FAILED ->
          failure(next)
              .ifPresent(
                  c ->
                      events.record(request, EventRecorder.WARNING, c.getReason(), c.getMessage()));
      default -> {}
    }
  }

  /**
   * Issued and Uploaded are the expected course of a request made over the HTTP API, which answers
   * its caller itself: an Event for each would be one more API write per step of every upload (the
   * metric counts them). Events stay for failures and expiries, and for requests made with kubectl,
   * whose author reads them in {@code kubectl describe}.
   */
  private static boolean isRoutine(UploadRequest request, Phase phase) {
    return (phase == Phase.ISSUED || phase == Phase.UPLOADED)
        && UploadRequestStatuses.createdBy(request) != null;
  }

  private static Optional<Condition> failure(UploadRequestStatus status) {
    return status
        .findCondition(ConditionTypes.DENIED)
        .or(() -> status.findCondition(ConditionTypes.FAILED));
  }

  private static Phase phaseOf(UploadRequest request) {
    return request.getStatus() == null ? null : request.getStatus().getPhase();
  }
}
