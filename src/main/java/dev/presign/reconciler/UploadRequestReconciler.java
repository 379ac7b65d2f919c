package dev.presign.reconciler;

import dev.presign.api.v1alpha1.ConditionTypes;
import dev.presign.api.v1alpha1.Phase;
import dev.presign.api.v1alpha1.UploadClass;
import dev.presign.api.v1alpha1.UploadClassSpec;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestStatus;
import dev.presign.s3.CredentialsException;
import dev.presign.s3.ObjectStoreException;
import dev.presign.signing.CredentialsExpiredException;
import dev.presign.signing.SigningCredentials;
import dev.presign.uploads.AbortRetry;
import dev.presign.uploads.ClassCatalog;
import dev.presign.uploads.ClassCredentials;
import dev.presign.uploads.FormIssue;
import dev.presign.uploads.IssueReadiness;
import dev.presign.uploads.IssuedMultipart;
import dev.presign.uploads.MultipartAborts;
import dev.presign.uploads.MultipartFinalizer;
import dev.presign.uploads.MultipartStarter;
import dev.presign.uploads.UploadCompletion;
import dev.presign.uploads.UploadReporter;
import dev.presign.uploads.UploadRequestStatuses;
import dev.presign.uploads.Violation;
import dev.presign.uploads.ViolationException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an UploadRequest into a signed upload and follows it to the end: observe the phase,
 * validate against the class, sign once, confirm with HeadObject until expiry, clean up after the
 * class's TTL. Each step is a collaborator; this class only orchestrates and reports.
 *
 * <p>Guard clauses in order, like cert-manager's CertificateRequest controller: finished → only TTL
 * clean-up; issued → only confirmation (never sign again); otherwise issue.
 */
// Every event, deletions too: the finalizer that aborts a multipart upload is added by hand to
// multipart requests only (a Cleaner would make JOSDK put one on every request).
@ControllerConfiguration(name = "uploadrequests", triggerReconcilerOnAllEvents = true)
public final class UploadRequestReconciler implements Reconciler<UploadRequest> {
  private static final Logger LOG = LoggerFactory.getLogger(UploadRequestReconciler.class);
  private static final String BY_CLASS_INDEX = "byClass";
  private static final String DEFAULT_CLASS_KEY = "";

  private final Clock clock;
  private final IssueReadiness readiness;
  private final FormIssue forms;
  private final UploadCompletion completion;
  private final UploadRequestStatuses statuses;
  private final UploadReporter reporter;
  private final ClassCredentials classCredentials;
  private final ReconcileTimings timings;
  private final HeadObjectBudget headBudget;
  private final MultipartStarter multipartStarter;
  private final MultipartAborts multipartAborts;
  private final MultipartFinalizer multipartFinalizer;
  private volatile ClassCatalog classes;

  public UploadRequestReconciler(
      Clock clock,
      IssueReadiness readiness,
      FormIssue forms,
      UploadCompletion completion,
      UploadRequestStatuses statuses,
      UploadReporter reporter,
      ClassCredentials classCredentials,
      ReconcileTimings timings,
      HeadObjectBudget headBudget,
      MultipartStarter multipartStarter,
      MultipartAborts multipartAborts,
      MultipartFinalizer multipartFinalizer) {
    this.clock = clock;
    this.readiness = readiness;
    this.forms = forms;
    this.completion = completion;
    this.statuses = statuses;
    this.reporter = reporter;
    this.classCredentials = classCredentials;
    this.timings = timings;
    this.headBudget = headBudget;
    this.multipartStarter = multipartStarter;
    this.multipartAborts = multipartAborts;
    this.multipartFinalizer = multipartFinalizer;
  }

  @Override
  public List<EventSource<?, UploadRequest>> prepareEventSources(
      EventSourceContext<UploadRequest> context) {
    IndexerResourceCache<UploadRequest> requests = context.getPrimaryCache();
    // Pending requests by the class they wait for, so a class becoming Ready wakes exactly them.
    requests.addIndexer(
        BY_CLASS_INDEX,
        r -> r.isFinished() || isIssued(r) ? List.of() : List.of(requestedClass(r)));
    InformerEventSource<UploadClass, UploadRequest> classSource =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(UploadClass.class, UploadRequest.class)
                .withName("uploadclasses")
                // Classes are cluster-scoped: inheriting the controller's watched namespaces
                // (PRESIGN_WATCH_NAMESPACES) would list none, and no upload would be confirmed.
                .withWatchAllNamespaces()
                .withSecondaryToPrimaryMapper(uploadClass -> waitingFor(requests, uploadClass))
                .build(),
            context);
    this.classes =
        new ClassCatalog(name -> classSource.get(new ResourceID(name)), classSource::list);
    return List.of(classSource);
  }

  @Override
  public UpdateControl<UploadRequest> reconcile(
      UploadRequest request, Context<UploadRequest> context) {
    UploadRequestStatus status = request.getStatus();
    if (context.isPrimaryResourceDeleted()) {
      headBudget.release(request.getMetadata().getUid());
      return UpdateControl.noUpdate();
    }
    if (request.isMarkedForDeletion()) {
      headBudget.release(request.getMetadata().getUid());
      return MultipartFinalizer.isOn(request)
          ? releaseMultipart(
              request, parse(request.getMetadata().getDeletionTimestamp(), clock.instant()))
          : UpdateControl.noUpdate();
    }
    if (request.isFinished()) {
      // Finished elsewhere (POST .../complete): a HeadObject slot it held is not needed.
      headBudget.release(request.getMetadata().getUid());
      if (MultipartFinalizer.isOn(request)) {
        // Cancelled, expired or failed with its upload perhaps open (or Uploaded, and nothing is).
        Instant finishedAt =
            status
                .findCondition(ConditionTypes.READY)
                .map(c -> parse(c.getLastTransitionTime(), clock.instant()))
                .orElse(clock.instant());
        Optional<Duration> again = multipartAborts.release(request, classes, finishedAt);
        if (again.isPresent()) {
          return UpdateControl.<UploadRequest>noUpdate().rescheduleAfter(again.get());
        }
      }
      return cleanUp(request, context);
    }
    if (status != null && status.getPhase() == Phase.ISSUED) {
      return confirm(request);
    }
    return issue(request);
  }

  private UpdateControl<UploadRequest> issue(UploadRequest request) {
    IssueReadiness.Verdict verdict = readiness.check(request, classes);
    // The replica that received a request over HTTP signs it, or fails it, at once
    // (IssueOnReceipt);
    // its status write brings the request back here. Doing the same here would only lose the race.
    Optional<Duration> receiverTurn = receiverTurn(request);
    if (verdict instanceof IssueReadiness.Refused refused) {
      return receiverTurn.isPresent()
          ? UpdateControl.<UploadRequest>noUpdate().rescheduleAfter(receiverTurn.get())
          : fail(request, refused.violation());
    }
    if (verdict instanceof IssueReadiness.ClassMissing missing) {
      Duration age = age(request);
      if (age.compareTo(timings.classLookupGrace()) < 0) {
        return pending(
            request,
            missing.violation().message()
                + " (waiting "
                + timings.classLookupGrace().toSeconds()
                + "s for it to appear)",
            timings.classLookupGrace().minus(age).plusSeconds(1));
      }
      return fail(request, missing.violation());
    }
    if (verdict instanceof IssueReadiness.ClassNotReady notReady) {
      return pending(request, notReady.message(), timings.classNotReadyRetry());
    }
    IssueReadiness.Ready ready = (IssueReadiness.Ready) verdict;
    String className = ready.className();
    UploadClassSpec classSpec = ready.classSpec();
    if (ready.multipart()) {
      return issueMultipart(request, className, classSpec);
    }
    if (receiverTurn.isPresent()) {
      return UpdateControl.<UploadRequest>noUpdate().rescheduleAfter(receiverTurn.get());
    }
    try {
      if (forms.issue(request, className, classSpec).isEmpty()) {
        return stale(request, Phase.ISSUED);
      }
      return UpdateControl.<UploadRequest>noUpdate().rescheduleAfter(timings.firstCheck());
    } catch (ViolationException e) {
      return fail(request, e.violation());
    } catch (FormIssue.SecretsForbiddenException e) {
      // RBAC, not the request, is wrong: say what to grant, and look again later.
      return pending(
          request,
          "UploadClass "
              + className
              + " delivers forms in a Secret (formDelivery: Secret), but the operator may not"
              + " get, create or delete Secrets in namespace "
              + e.namespace()
              + "; grant it those verbs on secrets there",
          timings.classNotReadyRetry());
    } catch (CredentialsException e) {
      return credentialsNotUsable(request, className, " (" + e.reason() + "): " + e.getMessage());
    } catch (CredentialsExpiredException e) {
      return credentialsNotUsable(request, className, ": " + e.getMessage());
    }
  }

  /**
   * How much longer the replica that received this request over HTTP has to sign it: a request the
   * HTTP API made (it carries the created-by annotation, which only the operator may set) and that
   * no one has written a status for yet, younger than the receiver's grace.
   */
  private Optional<Duration> receiverTurn(UploadRequest request) {
    if (request.getStatus() != null
        || UploadRequestStatuses.createdBy(request) == null
        || request.getMetadata().getCreationTimestamp() == null) {
      return Optional.empty();
    }
    Duration left = timings.receiverGrace().minus(age(request));
    if (left.isNegative() || left.isZero()) {
      return Optional.empty();
    }
    // A clock ahead of the API server's must not stretch the wait past the grace itself.
    return Optional.of(
        left.compareTo(timings.receiverGrace()) > 0 ? timings.receiverGrace() : left);
  }

  /**
   * Creates (or adopts) the S3 multipart upload and records it. The finalizer comes first, so no
   * upload can exist for a request that could be deleted without aborting it.
   */
  private UpdateControl<UploadRequest> issueMultipart(
      UploadRequest request, String className, UploadClassSpec classSpec) {
    UploadRequest current = request;
    try {
      // Named and cut into parts first: a request that cannot be never gets a finalizer.
      multipartStarter.check(request, className, classSpec);
      SigningCredentials credentials = classCredentials.resolve(classSpec).credentials();
      if (!MultipartFinalizer.isOn(request)) {
        Optional<UploadRequest> withFinalizer = multipartFinalizer.add(request);
        if (withFinalizer.isEmpty()) {
          return UpdateControl.noUpdate(); // gone or being deleted: nothing to create
        }
        current = withFinalizer.get();
      }
      IssuedMultipart issued = multipartStarter.start(current, className, classSpec, credentials);
      if (issued.adopted()) {
        LOG.info(
            "adopted the multipart upload S3 already had open for {}/{} (an earlier attempt's)",
            request.getMetadata().getNamespace(),
            request.getMetadata().getName());
      }
      return write(
          current,
          statuses.issuedMultipart(current, className, issued),
          Optional.of(timings.firstCheck()));
    } catch (ViolationException e) {
      return fail(current, e.violation());
    } catch (ObjectStoreException e) {
      return pending(
          current,
          "S3 could not be asked to start the multipart upload now (" + e.getMessage() + ")",
          timings.classNotReadyRetry());
    } catch (CredentialsException e) {
      return credentialsNotUsable(current, className, " (" + e.reason() + "): " + e.getMessage());
    } catch (CredentialsExpiredException e) {
      return credentialsNotUsable(current, className, ": " + e.getMessage());
    }
  }

  /** A deleted multipart request: abort its upload, then let it go (see {@link AbortRetry}). */
  private UpdateControl<UploadRequest> releaseMultipart(UploadRequest request, Instant deletedAt) {
    Optional<Duration> again = multipartAborts.release(request, classes, deletedAt);
    return again.isPresent()
        ? UpdateControl.<UploadRequest>noUpdate().rescheduleAfter(again.get())
        : UpdateControl.noUpdate();
  }

  private UpdateControl<UploadRequest> confirm(UploadRequest request) {
    UploadRequestStatus status = request.getStatus();
    Instant now = clock.instant();
    Instant issuedAt = parse(status.getIssuedAt(), now);
    Instant expiresAt = parse(status.getExpiresAt(), now);
    Duration sinceIssue = Duration.between(issuedAt, now);
    boolean pastDeadline = !now.isBefore(expiresAt.plus(timings.expiryGrace()));
    if (!now.isAfter(expiresAt) && sinceIssue.compareTo(timings.firstCheck()) < 0) {
      return UpdateControl.<UploadRequest>noUpdate()
          .rescheduleAfter(timings.firstCheck().minus(sinceIssue));
    }
    Duration slot = headBudget.reserve(request.getMetadata().getUid());
    if (!slot.isZero()) {
      // Over the process-wide HeadObject rate: come back once, at this request's slot.
      return UpdateControl.<UploadRequest>noUpdate().rescheduleAfter(slot);
    }
    if (status.getMultipart() != null) {
      multipartAborts.abortOrphans(request, classes);
    }
    UploadCompletion.Completion done;
    try {
      done = completion.complete(request, classes);
    } catch (ObjectStoreException | CredentialsException e) {
      // Never claim Expired because S3 could not be asked: keep the status and look again.
      LOG.info(
          "cannot check upload {}/{} now: {}",
          request.getMetadata().getNamespace(),
          request.getMetadata().getName(),
          e.getMessage());
      return UpdateControl.<UploadRequest>noUpdate()
          .rescheduleAfter(timings.nextCheckAfter(sinceIssue));
    }
    switch (done.outcome()) {
      case UPLOADED, MISMATCH, REFUSED:
        // Finished and reported: only the class's TTL matters from now on (after a multipart
        // request's finalizer goes: nothing is open after a completion, an abort otherwise).
        UpdateControl<UploadRequest> finished = UpdateControl.noUpdate();
        Optional<Duration> again =
            MultipartFinalizer.isOn(request)
                ? multipartAborts.release(done.request(), classes, clock.instant())
                : Optional.empty();
        again
            .or(() -> ttlOf(done.request(), done.request().getStatus()))
            .ifPresent(finished::rescheduleAfter);
        return finished;
      case STALE:
        return stale(request, Phase.UPLOADED);
      case CLASS_GONE:
        if (pastDeadline) {
          return expire(request);
        }
        LOG.info(
            "UploadClass {} of {}/{} is gone; cannot check the upload yet",
            status.getUploadClassName(),
            request.getMetadata().getNamespace(),
            request.getMetadata().getName());
        return UpdateControl.<UploadRequest>noUpdate()
            .rescheduleAfter(timings.classNotReadyRetry());
      case NOT_YET:
      default:
        break;
    }
    if (pastDeadline) {
      return expire(request);
    }
    Duration untilDeadline = Duration.between(now, expiresAt.plus(timings.expiryGrace()));
    Duration wait = timings.nextCheckAfter(sinceIssue);
    return UpdateControl.<UploadRequest>noUpdate()
        .rescheduleAfter(wait.compareTo(untilDeadline) < 0 ? wait : untilDeadline);
  }

  private UpdateControl<UploadRequest> expire(UploadRequest request) {
    return finished(request, statuses.expired(request));
  }

  private UpdateControl<UploadRequest> fail(UploadRequest request, Violation violation) {
    UploadRequestStatus next = statuses.failed(request, violation);
    if (Objects.equals(next, request.getStatus())) {
      return UpdateControl.noUpdate();
    }
    return finished(request, next);
  }

  /**
   * A terminal status, and a wake-up when its TTL runs out. A multipart request's open upload is
   * aborted right after (its status write changes no generation, so no event would bring it back).
   */
  private UpdateControl<UploadRequest> finished(UploadRequest request, UploadRequestStatus next) {
    if (!MultipartFinalizer.isOn(request)) {
      return write(request, next, ttlOf(request, next));
    }
    Optional<UploadRequest> written = reporter.report(request, next);
    if (written.isEmpty()) {
      return stale(request, next.getPhase());
    }
    Optional<Duration> again = multipartAborts.release(written.get(), classes, clock.instant());
    UpdateControl<UploadRequest> control = UpdateControl.noUpdate();
    again.or(() -> ttlOf(request, next)).ifPresent(control::rescheduleAfter);
    return control;
  }

  /**
   * Reports the status (with its Event and metric) only if the request is still the version this
   * reconcile read (see {@link dev.presign.uploads.ConditionalStatusWriter}).
   */
  private UpdateControl<UploadRequest> write(
      UploadRequest request, UploadRequestStatus next, Optional<Duration> again) {
    if (reporter.report(request, next).isEmpty()) {
      return stale(request, next.getPhase());
    }
    UpdateControl<UploadRequest> control = UpdateControl.noUpdate();
    again.ifPresent(control::rescheduleAfter);
    return control;
  }

  /**
   * Our view is stale (perhaps our own earlier write landed though its answer was lost): the event
   * of the newer version reconciles again; the reschedule is a safety net.
   */
  private UpdateControl<UploadRequest> stale(UploadRequest request, Phase writing) {
    LOG.info(
        "UploadRequest {}/{} changed since it was read; not writing {} over it",
        request.getMetadata().getNamespace(),
        request.getMetadata().getName(),
        writing);
    return UpdateControl.<UploadRequest>noUpdate().rescheduleAfter(timings.classNotReadyRetry());
  }

  /** Pending until the class's credentials can be used again; {@code detail} ends the message. */
  private UpdateControl<UploadRequest> credentialsNotUsable(
      UploadRequest request, String className, String detail) {
    return pending(
        request,
        "credentials of UploadClass " + className + " are not usable" + detail,
        timings.classNotReadyRetry());
  }

  private UpdateControl<UploadRequest> pending(
      UploadRequest request, String message, Duration retry) {
    UploadRequestStatus next = statuses.pending(request, message);
    if (Objects.equals(next, request.getStatus())) {
      return UpdateControl.<UploadRequest>noUpdate().rescheduleAfter(retry);
    }
    return write(request, next, Optional.of(retry));
  }

  private UpdateControl<UploadRequest> cleanUp(
      UploadRequest request, Context<UploadRequest> context) {
    Optional<Duration> remaining = ttlOf(request, request.getStatus());
    if (remaining.isEmpty()) {
      return UpdateControl.noUpdate();
    }
    if (remaining.get().isZero()) {
      LOG.info(
          "deleting finished UploadRequest {}/{} after its TTL",
          request.getMetadata().getNamespace(),
          request.getMetadata().getName());
      context.getClient().resource(request).delete();
      return UpdateControl.noUpdate();
    }
    return UpdateControl.<UploadRequest>noUpdate().rescheduleAfter(remaining.get());
  }

  /** Time left until a finished request should be deleted, or empty when its class keeps it. */
  private Optional<Duration> ttlOf(UploadRequest request, UploadRequestStatus status) {
    String className =
        status.getUploadClassName() != null
            ? status.getUploadClassName()
            : request.getSpec() == null ? null : request.getSpec().getUploadClassName();
    Optional<UploadClass> uploadClass =
        className != null && !className.isBlank()
            ? classes.byName(className)
            : Optional.ofNullable(classes.resolve(null).uploadClass());
    // A class that is gone keeps its requests: nothing says how long they should live.
    Optional<Integer> ttl =
        uploadClass.flatMap(
            c -> {
              java.util.OptionalInt seconds = c.getSpec().effectiveTtlSecondsAfterFinished();
              return seconds.isPresent() ? Optional.of(seconds.getAsInt()) : Optional.empty();
            });
    if (ttl.isEmpty()) {
      return Optional.empty();
    }
    Instant finishedAt =
        status
            .findCondition(ConditionTypes.READY)
            .map(c -> parse(c.getLastTransitionTime(), clock.instant()))
            .orElse(clock.instant());
    Duration left = Duration.between(clock.instant(), finishedAt.plusSeconds(ttl.get()));
    return Optional.of(left.isNegative() ? Duration.ZERO : left);
  }

  private Duration age(UploadRequest request) {
    Instant created = parse(request.getMetadata().getCreationTimestamp(), clock.instant());
    return Duration.between(created, clock.instant());
  }

  private static boolean isIssued(UploadRequest request) {
    return request.getStatus() != null && request.getStatus().getPhase() == Phase.ISSUED;
  }

  private static String requestedClass(UploadRequest request) {
    String name = request.getSpec() == null ? null : request.getSpec().getUploadClassName();
    return name == null || name.isBlank() ? DEFAULT_CLASS_KEY : name;
  }

  private static Set<ResourceID> waitingFor(
      IndexerResourceCache<UploadRequest> requests, UploadClass uploadClass) {
    Set<ResourceID> ids =
        requests.byIndex(BY_CLASS_INDEX, uploadClass.getMetadata().getName()).stream()
            .map(ResourceID::fromResource)
            .collect(Collectors.toSet());
    if (uploadClass.isDefaultClass()) {
      requests.byIndex(BY_CLASS_INDEX, DEFAULT_CLASS_KEY).stream()
          .map(ResourceID::fromResource)
          .forEach(ids::add);
    }
    return ids;
  }

  private static Instant parse(String timestamp, Instant fallback) {
    if (timestamp == null || timestamp.isBlank()) {
      return fallback;
    }
    try {
      return OffsetDateTime.parse(timestamp).toInstant();
    } catch (RuntimeException e) {
      return fallback;
    }
  }
}
