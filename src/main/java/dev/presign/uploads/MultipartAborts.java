package dev.presign.uploads;

import dev.presign.api.v1alpha1.Reasons;
import dev.presign.api.v1alpha1.UploadClass;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestStatus;
import dev.presign.s3.CredentialsException;
import dev.presign.s3.MultipartStore;
import dev.presign.s3.ObjectStoreException;
import dev.presign.s3.OpenUpload;
import dev.presign.signing.CredentialsExpiredException;
import dev.presign.signing.SigningCredentials;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the S3 multipart uploads of a request that will not complete: cancelled, expired, failed or
 * deleted. Aborts every upload S3 has open for the request's own key (its key holds its uid, so
 * nothing else can have uploads there): the recorded one and any orphan an earlier leader created
 * but could not record. The key is derived from the spec and the class, never taken from the
 * status.
 */
public final class MultipartAborts {
  private static final Logger LOG = LoggerFactory.getLogger(MultipartAborts.class);

  private final UploadTargets targets;
  private final ClassCredentials classCredentials;
  private final MultipartStore store;
  private final MultipartFinalizer finalizer;
  private final EventRecorder events;
  private final UploadMetrics metrics;
  private final AbortRetry retry;
  private final Clock clock;

  public MultipartAborts(
      UploadTargets targets,
      ClassCredentials classCredentials,
      MultipartStore store,
      MultipartFinalizer finalizer,
      EventRecorder events,
      UploadMetrics metrics,
      AbortRetry retry,
      Clock clock) {
    this.targets = targets;
    this.classCredentials = classCredentials;
    this.store = store;
    this.finalizer = finalizer;
    this.events = events;
    this.metrics = metrics;
    this.retry = retry;
    this.clock = clock;
  }

  /**
   * Aborts what is open and removes the finalizer; when S3 cannot be asked, says when to try again,
   * until {@link AbortRetry} gives up: then a Warning Event, a metric, and the finalizer goes
   * anyway.
   *
   * @param since when the request was deleted or finished (the retry window starts there)
   * @return empty when the request is released; otherwise the wait before the next attempt
   */
  public Optional<Duration> release(UploadRequest request, ClassCatalog classes, Instant since) {
    Optional<UploadTarget> target = targetOf(request, classes);
    if (target.isEmpty()) {
      giveUp(
          request,
          "its UploadClass no longer exists, so neither its bucket nor its credentials are known");
      return Optional.empty();
    }
    try {
      abortAll(request, target.get());
    } catch (ObjectStoreException | CredentialsException | CredentialsExpiredException e) {
      Duration elapsed = Duration.between(since, clock.instant());
      Optional<Duration> wait =
          retry.nextAttemptAfter(elapsed.isNegative() ? Duration.ZERO : elapsed);
      if (wait.isPresent()) {
        LOG.info(
            "cannot abort the multipart upload of {}/{} yet ({}); trying again in {}s",
            request.getMetadata().getNamespace(),
            request.getMetadata().getName(),
            e.getMessage(),
            wait.get().toSeconds());
        return wait;
      }
      giveUp(
          request,
          "S3 could not be asked for "
              + AbortRetry.GIVE_UP_AFTER.toMinutes()
              + " minutes ("
              + e.getMessage()
              + ")");
      return Optional.empty();
    }
    finalizer.remove(request);
    return Optional.empty();
  }

  /**
   * Aborts now, on the caller's thread (a cancel): best effort. What fails here the leader retries,
   * since the request keeps its finalizer until an abort succeeds.
   */
  public void abortNow(UploadRequest request, ClassCatalog classes) {
    Optional<UploadTarget> target = targetOf(request, classes);
    if (target.isEmpty()) {
      return;
    }
    try {
      abortAll(request, target.get());
    } catch (ObjectStoreException | CredentialsException | CredentialsExpiredException e) {
      LOG.info(
          "cannot abort the multipart upload of {}/{} now ({}); the operator tries again",
          request.getMetadata().getNamespace(),
          request.getMetadata().getName(),
          e.getMessage());
    }
  }

  /**
   * Aborts the uploads of an Issued request's key other than the one its status records, once S3
   * confirms that one is open for the key: orphans of two leaders that raced. Nothing is aborted
   * while the recorded one is not listed (a status that does not match S3 proves nothing), nor when
   * the status cannot be trusted. Best effort: S3 trouble is logged, and the next look retries.
   */
  public void abortOrphans(UploadRequest issued, ClassCatalog classes) {
    UploadRequestStatus status = issued.getStatus();
    String recorded = status.getMultipart() == null ? null : status.getMultipart().getUploadId();
    UploadTargets.Check check = targets.check(issued, classes);
    if (recorded == null || !check.isTrusted()) {
      return;
    }
    UploadTarget target = check.target();
    try {
      SigningCredentials credentials =
          classCredentials.resolve(target.uploadClass().getSpec()).credentials();
      List<OpenUpload> open =
          store.openUploads(target.endpoint(), credentials, target.bucket(), target.key());
      if (open.stream().noneMatch(u -> recorded.equals(u.uploadId()))) {
        return;
      }
      for (OpenUpload orphan : open) {
        if (!recorded.equals(orphan.uploadId())) {
          store.abort(
              target.endpoint(), credentials, target.bucket(), target.key(), orphan.uploadId());
          LOG.info(
              "aborted an orphaned multipart upload of {}/{} (an earlier leader's)",
              issued.getMetadata().getNamespace(),
              issued.getMetadata().getName());
          metrics.multipartAbort("orphan");
        }
      }
    } catch (ObjectStoreException | CredentialsException | CredentialsExpiredException e) {
      LOG.info(
          "cannot look for orphaned multipart uploads of {}/{} now: {}",
          issued.getMetadata().getNamespace(),
          issued.getMetadata().getName(),
          e.getMessage());
    }
  }

  private void abortAll(UploadRequest request, UploadTarget target) {
    SigningCredentials credentials =
        classCredentials.resolve(target.uploadClass().getSpec()).credentials();
    List<OpenUpload> open =
        store.openUploads(target.endpoint(), credentials, target.bucket(), target.key());
    int aborted = 0;
    for (OpenUpload upload : open) {
      if (store.abort(
          target.endpoint(), credentials, target.bucket(), target.key(), upload.uploadId())) {
        aborted++;
      }
    }
    if (aborted > 0) {
      metrics.multipartAbort("aborted");
      events.record(
          request,
          EventRecorder.NORMAL,
          Reasons.MULTIPART_ABORTED,
          "Aborted the multipart upload of " + target.key() + ": S3 keeps none of its parts");
    } else {
      metrics.multipartAbort("gone");
    }
  }

  private void giveUp(UploadRequest request, String why) {
    metrics.multipartAbort("given_up");
    String message =
        "Could not abort the multipart upload of "
            + keyOf(request)
            + ": "
            + why
            + "; letting go so the UploadRequest can be deleted. Its parts may stay in the bucket"
            + " until its AbortIncompleteMultipartUpload lifecycle rule removes them";
    LOG.warn(
        "{}/{}: {}",
        request.getMetadata().getNamespace(),
        request.getMetadata().getName(),
        message);
    events.record(request, EventRecorder.WARNING, Reasons.MULTIPART_ABORT_FAILED, message);
    finalizer.remove(request);
  }

  /**
   * The request's own target: the trusted one when its status agrees; otherwise (a request deleted
   * before its status recorded a key, or a status someone rewrote) derived from the spec and the
   * class the status or the spec names.
   */
  private Optional<UploadTarget> targetOf(UploadRequest request, ClassCatalog classes) {
    if (request.getStatus() != null && request.getStatus().getUploadClassName() != null) {
      UploadTargets.Check check = targets.check(request, classes);
      if (check.isTrusted()) {
        return Optional.of(check.target());
      }
    }
    Optional<UploadClass> uploadClass =
        Optional.ofNullable(classes.resolve(request.getSpec().getUploadClassName()).uploadClass());
    try {
      return uploadClass.map(c -> targets.derive(request, c));
    } catch (IllegalArgumentException e) { // a spec that names nothing never had an upload
      return Optional.empty();
    }
  }

  private static String keyOf(UploadRequest request) {
    return request.getStatus() == null
        ? "UploadRequest " + request.getMetadata().getName()
        : Objects.toString(request.getStatus().getKey(), request.getMetadata().getName());
  }
}
