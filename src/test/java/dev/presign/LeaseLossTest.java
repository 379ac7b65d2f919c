package dev.presign;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LeaseLossTest {
  @Test
  void losingTheLeaseStopsReconcilingOnceAndFailsLiveness() throws Exception {
    AtomicInteger stops = new AtomicInteger();
    CountDownLatch stopped = new CountDownLatch(1);
    LeaseLoss loss =
        new LeaseLoss(
            () -> {
              stops.incrementAndGet();
              stopped.countDown();
            });
    assertThat(loss.happened()).isFalse();

    loss.onStopLeading();
    loss.onStopLeading();

    assertThat(stopped.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(loss.happened()).isTrue();
    assertThat(stops.get()).isEqualTo(1);
  }

  @Test
  void givingUpTheLeaseOnShutdownIsNoLoss() {
    AtomicInteger stops = new AtomicInteger();
    LeaseLoss loss = new LeaseLoss(stops::incrementAndGet);
    loss.closing();

    loss.onStopLeading();

    assertThat(loss.happened()).isFalse();
    assertThat(stops.get()).isZero();
  }
}
