package dev.presign.uploads;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes Events for what a user wants to see in {@code kubectl describe}: Issued, Uploaded,
 * Expired, Failed. Events are best effort: they are written by one background thread from a bounded
 * queue, so a reconcile never waits for one, and when the API server falls behind the newest are
 * dropped (and counted in the log) rather than piling up.
 */
public final class EventRecorder implements AutoCloseable {
  public static final String NORMAL = "Normal";
  public static final String WARNING = "Warning";
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  private static final String COMPONENT = "presign-operator";

  private static final int QUEUE_CAPACITY = 10_000;

  private final KubernetesClient client;
  private final Clock clock;
  private final java.util.concurrent.ThreadPoolExecutor writer =
      new java.util.concurrent.ThreadPoolExecutor(
          1,
          1,
          0,
          java.util.concurrent.TimeUnit.SECONDS,
          new java.util.concurrent.ArrayBlockingQueue<>(QUEUE_CAPACITY),
          r -> {
            Thread thread = new Thread(r, "presign-events");
            thread.setDaemon(true);
            return thread;
          },
          (task, executor) -> dropped());
  private final java.util.concurrent.atomic.AtomicLong dropped =
      new java.util.concurrent.atomic.AtomicLong();

  public EventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /** Queues an Event; returns at once. */
  public void record(HasMetadata about, String type, String reason, String message) {
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    writer.execute(() -> write(about, type, reason, message, now));
  }

  private void dropped() {
    long count = dropped.incrementAndGet();
    if (count == 1 || count % 1000 == 0) {
      LOG.warn("{} Events dropped: the API server is not keeping up with them", count);
    }
  }

  /** Writes what is queued for up to two seconds, then drops the rest: the client closes next. */
  @Override
  public void close() {
    writer.shutdown();
    try {
      if (!writer.awaitTermination(2, java.util.concurrent.TimeUnit.SECONDS)) {
        int left = writer.shutdownNow().size();
        LOG.info("shutting down: {} queued Events not written", left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void write(HasMetadata about, String type, String reason, String message, String now) {
    String namespace =
        about.getMetadata().getNamespace() == null ? "default" : about.getMetadata().getNamespace();
    try {
      client
          .v1()
          .events()
          .inNamespace(namespace)
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withName(
                      about.getMetadata().getName()
                          + "."
                          + UUID.randomUUID().toString().substring(0, 8))
                  .withNamespace(namespace)
                  .endMetadata()
                  .withNewInvolvedObject()
                  .withApiVersion(about.getApiVersion())
                  .withKind(about.getKind())
                  .withName(about.getMetadata().getName())
                  .withNamespace(about.getMetadata().getNamespace())
                  .withUid(about.getMetadata().getUid())
                  .withResourceVersion(about.getMetadata().getResourceVersion())
                  .endInvolvedObject()
                  .withType(type)
                  .withReason(reason)
                  .withMessage(message.length() > 1024 ? message.substring(0, 1024) : message)
                  .withFirstTimestamp(now)
                  .withLastTimestamp(now)
                  .withCount(1)
                  .withNewSource()
                  .withComponent(COMPONENT)
                  .endSource()
                  .withReportingComponent(COMPONENT)
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      LOG.warn(
          "could not record event {} for {}/{}: HTTP {}",
          reason,
          namespace,
          about.getMetadata().getName(),
          e.getCode());
    } catch (RuntimeException e) {
      // E.g. the client closing under a shutdown: an Event is never worth a stack trace.
      LOG.warn(
          "could not record event {} for {}/{}: {}",
          reason,
          namespace,
          about.getMetadata().getName(),
          e.getClass().getSimpleName());
    }
  }
}
