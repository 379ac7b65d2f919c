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
  private final MeterRegistry registry;

  public UploadMetrics(MeterRegistry registry) {
    this.registry = registry;
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

  /**
   * One end of an open multipart upload: {@code aborted}, {@code gone} (nothing was open) or {@code
   * given_up} (S3 could not be reached in the retry window; its parts may still be in the bucket).
   */
  public void multipartAbort(String outcome) {
    io.micrometer.core.instrument.Counter.builder("presign_multipart_aborts")
        .tag("outcome", outcome)
        .description("Multipart uploads of finished or deleted requests aborted, or given up on")
        .register(registry)
        .increment();
  }
}
