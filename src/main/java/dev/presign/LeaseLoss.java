package dev.presign;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a replica does when it loses the leader Lease while it still runs (a long pause, the API
 * server out of reach for longer than the renew deadline): it stops reconciling at once, since
 * another replica now does, keeps serving HTTP, and from then on fails its liveness check so that
 * Kubernetes restarts it and it rejoins the election as a follower.
 *
 * <p>JOSDK 5.2 only logs "Stopped leading" when it is told not to exit, and keeps reconciling: two
 * replicas then act as leader side by side. Exiting at once instead would cut the HTTP requests
 * this replica is answering.
 */
final class LeaseLoss {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseLoss.class);

  /**
   * Logged once stopping returned: the reconciles that were running have finished (or were
   * interrupted after the termination timeout) and no new one starts. Tests of a lost Lease wait
   * for it.
   */
  static final String STOPPED = "reconcilers stopped:";

  private final Runnable stopReconciling;
  private final AtomicBoolean lost = new AtomicBoolean();
  private final AtomicBoolean closing = new AtomicBoolean();

  LeaseLoss(Runnable stopReconciling) {
    this.stopReconciling = stopReconciling;
  }

  /** Leader-election callback: the Lease is someone else's now. */
  void onStopLeading() {
    if (closing.get() || !lost.compareAndSet(false, true)) {
      return;
    }
    LOG.warn(
        "lost the leader Lease: this replica stops reconciling and keeps serving HTTP; /healthz"
            + " now fails so that it is restarted and rejoins the election");
    // Not on the elector's thread: stopping waits for running reconciles and stops the elector.
    long lostAt = System.nanoTime();
    Thread stopper =
        new Thread(
            () -> {
              try {
                stopReconciling.run();
                LOG.info(
                    "{} {} ms after losing the Lease",
                    STOPPED,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lostAt));
              } catch (RuntimeException e) {
                LOG.warn("could not stop reconciling after losing the Lease", e);
              }
            },
            "presign-lease-lost");
    stopper.setDaemon(true);
    stopper.start();
  }

  /** The replica is shutting down: giving up the Lease then is expected, not a loss. */
  void closing() {
    closing.set(true);
  }

  /** True once the Lease was lost; the replica should then be restarted. */
  boolean happened() {
    return lost.get();
  }
}
