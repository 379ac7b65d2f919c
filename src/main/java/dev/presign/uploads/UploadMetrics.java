package dev.presign.uploads;

import dev.presign.api.v1alpha1.Phase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Counters of upload phases reached and a timer of signing, for /metrics. */
public final class UploadMetrics {
  private final Map<Phase, io.micrometer.core.instrument.Counter> phases =
      new EnumMap<>(Phase.class);
  private final Timer signing;

  public UploadMetrics(MeterRegistry registry) {
    for (Phase phase : Phase.values()) {
      phases.put(
          phase,
          io.micrometer.core.instrument.Counter.builder("presign_uploads")
              .tag("phase", phase.value())
              .description("UploadRequests that reached a phase")
              .register(registry));
    }
    signing =
        Timer.builder("presign_signing")
            .description("Time to name and sign one upload")
            .publishPercentileHistogram(false)
            .register(registry);
  }

  public void phase(Phase phase) {
    phases.get(phase).increment();
  }

  public void signed(long nanos) {
    signing.record(nanos, TimeUnit.NANOSECONDS);
  }
}
