package dev.presign.notify;

import dev.presign.api.v1alpha1.ConditionTypes;
import dev.presign.api.v1alpha1.NotificationStatus;
import dev.presign.api.v1alpha1.Reasons;
import dev.presign.api.v1alpha1.UploadClass;
import dev.presign.api.v1alpha1.UploadNotify;
import dev.presign.api.v1alpha1.UploadRequest;
import dev.presign.api.v1alpha1.UploadRequestStatus;
import dev.presign.uploads.ClassCatalog;
import dev.presign.uploads.CompletionNotices;
import dev.presign.uploads.UploadTarget;
import dev.presign.uploads.UploadTargets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the completion notifications of UploadClasses with {@code spec.notify}: at least once, with
 * backoff and a bound, from the leader only, never on a reconcile or HTTP thread.
 *
 * <p>How it is owed and found. {@link dev.presign.uploads.UploadReporter} adds {@code Notified:
 * Unknown/Queued} to the very status write that finishes the upload ({@link #owed}), so the debt is
 * recorded exactly when the phase is, by whichever replica wrote it. The leader then sends it: at
 * once when it wrote the phase itself ({@link #finished}), and otherwise when its sweep of the
 * cached requests finds a finished request whose Notified condition is still Unknown (a phase
 * written by the HTTP API of another replica; a delivery cut short by a restart or a change of
 * leader). After each attempt the condition and {@code status.notification.attempts} are written,
 * so the schedule resumes where it stopped; an attempt whose outcome could not be written is made
 * again, which is why delivery is at least once and receivers deduplicate on the event id.
 *
 * <p>Bounded: {@link NotificationLimits#senders()} threads POST, each attempt costs at most the
 * timeout twice, {@link NotificationLimits#queued()} attempts may wait, and a full queue only
 * defers an attempt to the next sweep.
 */
public final class CompletionNotifier implements CompletionNotices, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CompletionNotifier.class);

  private final NotificationLimits limits;
  private final DeliveryBackoff backoff;
  private final ClassCatalog classes;
  private final UploadTargets targets;
  private final EventDelivery delivery;
  private final NotificationRecords records;
  private final java.time.Clock clock;
  private final BooleanSupplier leading;
  private final Supplier<Stream<UploadRequest>> cached;
  private final NotificationMetrics metrics;
  private final Map<String, Boolean> inFlight = new ConcurrentHashMap<>();
  private final ThreadPoolExecutor senders;
  private final ScheduledExecutorService timer;

  /**
   * @param leading whether this replica is the leader (the one sender)
   * @param cached the UploadRequests in this replica's cache, for the sweep
   */
  public CompletionNotifier(
      NotificationLimits limits,
      ClassCatalog classes,
      UploadTargets targets,
      EventDelivery delivery,
      NotificationRecords records,
      java.time.Clock clock,
      BooleanSupplier leading,
      Supplier<Stream<UploadRequest>> cached,
      NotificationMetrics metrics) {
    this.limits = limits;
    this.backoff = new DeliveryBackoff(limits);
    this.classes = classes;
    this.targets = targets;
    this.delivery = delivery;
    this.records = records;
    this.clock = clock;
    this.leading = leading;
    this.cached = cached;
    this.metrics = metrics;
    this.senders =
        new ThreadPoolExecutor(
            limits.senders(),
            limits.senders(),
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(limits.queued()),
            daemon("presign-notify-"));
    this.timer = Executors.newSingleThreadScheduledExecutor(daemon("presign-notify-timer-"));
  }

  /** Starts the periodic sweep (it sends only while this replica leads). */
  public void start() {
    timer.scheduleWithFixedDelay(this::sweep, 0, limits.sweep().toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Sweeps now, for instance when this replica has just become the leader. */
  public void sweepSoon() {
    try {
      timer.execute(this::sweep);
    } catch (RejectedExecutionException e) {
      // Closing.
    }
  }

  @Override
  public UploadRequestStatus owed(UploadRequest read, UploadRequestStatus next) {
    Optional<UploadNotify> notify = notifyOf(classNameOf(read, next));
    if (notify.isEmpty()) {
      return next;
    }
    return records.with(
        read,
        next,
        ConditionTypes.STATUS_UNKNOWN,
        Reasons.QUEUED,
        "the upload finished; its notification waits for its first attempt",
        new NotificationStatus(0, null));
  }

  @Override
  public void finished(UploadRequest written) {
    if (leading.getAsBoolean() && NotificationRecords.isOwed(written)) {
      submit(written, false);
    }
  }

  private void sweep() {
    try {
      if (!leading.getAsBoolean()) {
        return;
      }
      cached.get().filter(NotificationRecords::isOwed).forEach(r -> submit(r, true));
    } catch (RuntimeException e) {
      LOG.warn("notification sweep failed: {}", e.toString());
    }
  }

  /**
   * @param cachedCopy the request comes from the cache, not from a write of this replica: it is
   *     read again before anything is sent
   */
  private void submit(UploadRequest request, boolean cachedCopy) {
    String uid = request.getMetadata().getUid();
    if (inFlight.putIfAbsent(uid, Boolean.TRUE) == null) {
      enqueue(uid, request, cachedCopy);
    }
  }

  private void enqueue(String uid, UploadRequest request, boolean cachedCopy) {
    try {
      senders.execute(() -> attempt(uid, request, cachedCopy));
    } catch (RejectedExecutionException e) {
      // Queue full or closing: the condition still says Unknown, so the next sweep finds it.
      inFlight.remove(uid);
      metrics.deferred();
    }
  }

  private void later(String uid, UploadRequest request, Duration delay) {
    try {
      timer.schedule(() -> enqueue(uid, request, false), delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      inFlight.remove(uid);
    }
  }

  /** One attempt, on a sender thread; schedules the next one or settles the notification. */
  private void attempt(String uid, UploadRequest given, boolean cachedCopy) {
    boolean settled = true;
    UploadRequest request = given;
    try {
      if (!leading.getAsBoolean() || !NotificationRecords.isOwed(request)) {
        return;
      }
      if (cachedCopy) {
        Optional<UploadRequest> current = records.stillOwed(request);
        if (current.isEmpty()) {
          return;
        }
        request = current.get();
      }
      UploadRequestStatus status = request.getStatus();
      Instant now = clock.instant();
      Instant finishedAt = finishedAt(status, now);
      NotificationStatus progress = status.getNotification();
      int made = progress == null || progress.getAttempts() == null ? 0 : progress.getAttempts();
      if (made > 0) {
        // Resumed from the status (a restart, a new leader): keep to the schedule it records.
        Instant last = parse(progress.getLastAttemptAt()).orElse(now);
        Optional<Instant> due = backoff.nextAttempt(made, last, finishedAt);
        if (due.isEmpty()) {
          giveUp(request, made, "no attempt left");
          return;
        }
        if (due.get().isAfter(now)) {
          settled = false;
          later(uid, request, Duration.between(now, due.get()));
          return;
        }
      }
      Plan plan = plan(request);
      if (plan.unusable() != null) {
        record(
            request,
            ConditionTypes.STATUS_FALSE,
            Reasons.DELIVERY_FAILED,
            plan.unusable(),
            new NotificationStatus(made, progress == null ? null : progress.getLastAttemptAt()));
        metrics.failed();
        return;
      }
      EventDelivery.Outcome outcome =
          delivery.deliver(request, plan.target(), plan.className(), plan.receiver(), now);
      made++;
      NotificationStatus after = new NotificationStatus(made, now.toString());
      if (outcome.delivered()) {
        record(
            request,
            ConditionTypes.STATUS_TRUE,
            Reasons.DELIVERED,
            "delivered to "
                + outcome.receiver()
                + " ("
                + outcome.detail()
                + ") after "
                + made
                + (made == 1 ? " attempt" : " attempts"),
            after);
        metrics.delivered();
        return;
      }
      if (outcome.permanent()) {
        record(
            request,
            ConditionTypes.STATUS_FALSE,
            Reasons.DELIVERY_FAILED,
            outcome.detail() + "; nothing was sent",
            new NotificationStatus(
                made - 1, progress == null ? null : progress.getLastAttemptAt()));
        metrics.failed();
        return;
      }
      Optional<Instant> next = backoff.nextAttempt(made, now, finishedAt);
      if (next.isEmpty()) {
        giveUp(request, after, outcome);
        return;
      }
      Optional<UploadRequest> written =
          record(
              request,
              ConditionTypes.STATUS_UNKNOWN,
              Reasons.RETRYING,
              "attempt "
                  + made
                  + " of "
                  + limits.attempts()
                  + " to "
                  + outcome.receiver()
                  + " failed ("
                  + outcome.detail()
                  + "); next attempt at "
                  + next.get(),
              after);
      metrics.retrying();
      if (written.isPresent()) {
        settled = false;
        later(uid, written.get(), Duration.between(now, next.get()));
      }
    } catch (RuntimeException e) {
      // The API server could not take the record, or another surprise: the condition still says
      // Unknown, so a later sweep tries again (at least once).
      LOG.warn(
          "notification of UploadRequest {}/{} interrupted: {}",
          request.getMetadata().getNamespace(),
          request.getMetadata().getName(),
          e.toString());
    } finally {
      if (settled) {
        inFlight.remove(uid);
      }
    }
  }

  private void giveUp(UploadRequest request, NotificationStatus after, EventDelivery.Outcome last) {
    record(
        request,
        ConditionTypes.STATUS_FALSE,
        Reasons.DELIVERY_FAILED,
        "gave up after "
            + after.getAttempts()
            + " attempts to "
            + last.receiver()
            + " (at most "
            + limits.attempts()
            + " attempts within "
            + limits.giveUp().toSeconds()
            + " s of the upload finishing); last: "
            + last.detail(),
        after);
    metrics.failed();
  }

  private void giveUp(UploadRequest request, int made, String why) {
    NotificationStatus progress = request.getStatus().getNotification();
    record(
        request,
        ConditionTypes.STATUS_FALSE,
        Reasons.DELIVERY_FAILED,
        "gave up after "
            + made
            + " attempts: "
            + why
            + " (at most "
            + limits.attempts()
            + " attempts within "
            + limits.giveUp().toSeconds()
            + " s of the upload finishing)",
        progress);
    metrics.failed();
  }

  private Optional<UploadRequest> record(
      UploadRequest request,
      String conditionStatus,
      String reason,
      String message,
      NotificationStatus progress) {
    return records.record(request, conditionStatus, reason, message, progress);
  }

  /** What to send and where, or why it cannot be sent at all (no retry would help). */
  private record Plan(
      UploadTarget target, String className, UploadNotify receiver, String unusable) {}

  private Plan plan(UploadRequest request) {
    UploadRequestStatus status = request.getStatus();
    String className = classNameOf(request, status);
    Optional<UploadNotify> notify = notifyOf(className);
    if (notify.isEmpty()) {
      return new Plan(
          null,
          className,
          null,
          "UploadClass " + className + " is gone or no longer has spec.notify; nothing was sent");
    }
    if (status.getKey() == null) {
      // Failed before it was signed: there is no object to name.
      return new Plan(null, className, notify.get(), null);
    }
    UploadTargets.Check check = targets.check(request, classes);
    if (check.isClassGone()) {
      return new Plan(
          null, className, null, "UploadClass " + className + " is gone; nothing was sent");
    }
    if (!check.isTrusted()) {
      // The status names an object its spec, uid and class do not give it (someone else wrote
      // it): the event goes out without naming any object.
      return new Plan(null, className, notify.get(), null);
    }
    return new Plan(check.target(), className, notify.get(), null);
  }

  /**
   * The class a request is of: the one its status records once it was resolved, else the one its
   * spec names, else the default class (a request refused before it was signed records none).
   */
  private String classNameOf(UploadRequest request, UploadRequestStatus status) {
    if (status.getUploadClassName() != null && !status.getUploadClassName().isBlank()) {
      return status.getUploadClassName();
    }
    String named = request.getSpec() == null ? null : request.getSpec().getUploadClassName();
    if (named != null && !named.isBlank()) {
      return named;
    }
    ClassCatalog.Resolution resolution = classes.resolve(null);
    return resolution.isFound() ? resolution.uploadClass().getMetadata().getName() : null;
  }

  private Optional<UploadNotify> notifyOf(String className) {
    if (className == null || className.isBlank()) {
      return Optional.empty();
    }
    return classes
        .byName(className)
        .map(UploadClass::getSpec)
        .map(spec -> spec.getNotify())
        .filter(n -> n.getUrl() != null);
  }

  private static Instant finishedAt(UploadRequestStatus status, Instant fallback) {
    return status
        .findCondition(ConditionTypes.READY)
        .flatMap(c -> parse(c.getLastTransitionTime()))
        .orElse(fallback);
  }

  private static Optional<Instant> parse(String timestamp) {
    if (timestamp == null || timestamp.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(timestamp).toInstant());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Attempts under way when this returns are abandoned; their conditions still say Unknown. */
  @Override
  public void close() {
    timer.shutdownNow();
    senders.shutdownNow();
  }
}
