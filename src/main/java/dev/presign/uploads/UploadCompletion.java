package dev.presign.uploads;

import dev.presign.api.v1alpha1.Phase;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestStatus;
import dev.presign.s3.CredentialsException;
import dev.presign.s3.ObjectStoreException;
import dev.presign.signing.SigningCredentials;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The one completion path of an Issued upload, for {@code POST .../complete} and the reconciler's
 * polling alike: check that the status can be trusted, HeadObject at the derived target, compare
 * with what was signed, and report Uploaded or Failed through the {@link UploadReporter}.
 */
public final class UploadCompletion {
  private final UploadTargets targets;
  private final ClassCredentials classCredentials;
  private final UploadConfirmer confirmer;
  private final UploadRequestStatuses statuses;
  private final UploadReporter reporter;
  private final Clock clock;
  private final UploadRequestReader reader;

  public UploadCompletion(
      UploadTargets targets,
      ClassCredentials classCredentials,
      UploadConfirmer confirmer,
      UploadRequestStatuses statuses,
      UploadReporter reporter,
      Clock clock,
      UploadRequestReader reader) {
    this.targets = targets;
    this.classCredentials = classCredentials;
    this.confirmer = confirmer;
    this.statuses = statuses;
    this.reporter = reporter;
    this.clock = clock;
    this.reader = reader;
  }

  /**
   * A completion someone asked for ({@code POST .../complete}): the same path as {@link #complete},
   * with each outcome turned into the upload or a refusal. A request that changed since it was read
   * (another replica, or the reconciler, got there first) is read again once.
   *
   * @throws UploadRefusal CONFLICT naming the field at fault, UNAVAILABLE when S3, the credentials
   *     or the API server cannot be used now
   */
  public UploadRequest completeRequested(UploadRequest request, ClassCatalog classes) {
    return reader.applyWithOneReread(
        request,
        current -> {
          Completion completion = completeOrAnswer(current, classes);
          return completion.outcome() == Outcome.STALE
              ? Optional.empty()
              : Optional.of(answer(completion));
        });
  }

  private Completion completeOrAnswer(UploadRequest request, ClassCatalog classes) {
    Phase phase = request.getStatus() == null ? null : request.getStatus().getPhase();
    if (phase == Phase.UPLOADED) {
      UploadTargets.Check check = targets.check(request, classes);
      if (!check.isTrusted() && !check.isClassGone()) {
        throw UploadRefusal.conflict(check.field(), check.message());
      }
      return new Completion(Outcome.UPLOADED, request, null, null);
    }
    if (phase != Phase.ISSUED) {
      throw UploadRefusal.conflict(
          StatusField.PHASE,
          "the upload is "
              + (phase == null ? "Pending" : phase.value())
              + "; only an Issued upload can be completed");
    }
    try {
      return complete(request, classes);
    } catch (ObjectStoreException e) {
      // The cause names the endpoint and the HTTP status or connection failure, never a secret:
      // "HTTP 403" and "cannot reach" call for different people.
      throw UploadRefusal.unavailable(
          "S3 could not be asked about the upload now (" + e.getMessage() + "); try again shortly.",
          5);
    } catch (CredentialsException e) {
      throw UploadRefusal.unavailable(
          "S3 could not be asked about the upload now (the upload class's credentials are not"
              + " usable); try again shortly.",
          5);
    }
  }

  private static UploadRequest answer(Completion completion) {
    return switch (completion.outcome()) {
      case UPLOADED -> completion.request();
      case MISMATCH ->
          throw UploadRefusal.conflict(StatusField.OBJECT, completion.violation().message());
      case REFUSED ->
          throw UploadRefusal.conflict(completion.field(), completion.violation().message());
      case NOT_YET ->
          throw UploadRefusal.conflict(
              StatusField.OBJECT,
              "nothing has been uploaded to "
                  + completion.request().getStatus().getKey()
                  + " yet; POST the file to presigned_post_data.url first");
      case CLASS_GONE ->
          throw UploadRefusal.conflict(
              StatusField.UPLOAD_CLASS,
              "UploadClass "
                  + completion.request().getStatus().getUploadClassName()
                  + " no longer exists");
      case STALE -> throw new IllegalStateException("a stale completion has no answer");
    };
  }

  /**
   * Looks for the object of an Issued request and records what it finds.
   *
   * @param classes where the request's class is looked up as it is now
   * @throws dev.presign.s3.ObjectStoreException when S3 cannot answer now (nothing was written)
   * @throws dev.presign.s3.CredentialsException when the class's credentials are not usable now
   */
  public Completion complete(UploadRequest issued, ClassCatalog classes) {
    UploadTargets.Check check = targets.check(issued, classes);
    if (check.isClassGone()) {
      return new Completion(Outcome.CLASS_GONE, issued, null, null);
    }
    if (!check.isTrusted()) {
      Violation refused = check.violation();
      return record(
          issued, statuses.failed(issued, refused), Outcome.REFUSED, refused, check.field());
    }
    UploadTarget target = check.target();
    SigningCredentials credentials =
        classCredentials.resolve(target.uploadClass().getSpec()).credentials();
    Optional<UploadConfirmer.Confirmation> found =
        confirmer.check(target, issued.getSpec().getFileSize(), credentials);
    if (found.isEmpty()) {
      return new Completion(Outcome.NOT_YET, issued, null, null);
    }
    UploadConfirmer.Confirmation confirmation = found.get();
    if (!confirmation.matches()) {
      return record(
          issued,
          statuses.failed(issued, confirmation.mismatch()),
          Outcome.MISMATCH,
          confirmation.mismatch(),
          StatusField.OBJECT);
    }
    Instant uploadedAt =
        confirmation.object().lastModified() != null
            ? confirmation.object().lastModified()
            : clock.instant();
    return record(
        issued,
        statuses.uploaded(issued, confirmation.object(), uploadedAt),
        Outcome.UPLOADED,
        null,
        null);
  }

  private Completion record(
      UploadRequest issued,
      UploadRequestStatus next,
      Outcome outcome,
      Violation violation,
      StatusField field) {
    return reporter
        .report(issued, next)
        .map(written -> new Completion(outcome, written, violation, field))
        .orElseGet(() -> new Completion(Outcome.STALE, issued, null, null));
  }

  /** What a completion found and recorded. */
  public enum Outcome {
    /** The object is there as signed: recorded Uploaded. */
    UPLOADED,
    /** An object is there, but not as signed: recorded Failed. */
    MISMATCH,
    /** The status names a class, bucket or key the request does not have: recorded Failed. */
    REFUSED,
    /** Nothing has been uploaded yet: nothing recorded. */
    NOT_YET,
    /** The request's class no longer exists: nothing recorded. */
    CLASS_GONE,
    /** The request changed since it was read: nothing recorded; read it again. */
    STALE
  }

  /**
   * @param request the request as written (or as read, when nothing was written)
   * @param violation why it failed (MISMATCH, REFUSED)
   * @param field the status field at fault (MISMATCH, REFUSED)
   */
  public record Completion(
      Outcome outcome, UploadRequest request, Violation violation, StatusField field) {}
}
