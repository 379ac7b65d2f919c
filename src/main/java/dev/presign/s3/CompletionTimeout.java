package dev.presign.s3;

import java.time.Duration;

/**
 * How long one CompleteMultipartUpload may take. S3 assembles the object before it answers (AWS:
 * "can take several minutes", sending whitespace meanwhile; S3Proxy copies every part first and
 * sends nothing), so the short timeout of other calls would cut it off, and a repeated call would
 * race the first one. The bound grows with the object: {@code base} plus the time to copy it at
 * {@code bytesPerSecond}, at most {@code ceiling}.
 */
public record CompletionTimeout(Duration base, long bytesPerSecond, Duration ceiling) {
  /** One minute plus a copy at 32 MiB/s (a slow disk under load), at most 30 minutes. */
  public static final CompletionTimeout DEFAULT =
      new CompletionTimeout(Duration.ofMinutes(1), 32L * 1024 * 1024, Duration.ofMinutes(30));

  public CompletionTimeout {
    if (base.isNegative() || base.isZero() || bytesPerSecond < 1 || ceiling.compareTo(base) < 0) {
      throw new IllegalArgumentException(
          "a completion timeout needs a positive base, a positive rate and a ceiling of at least"
              + " the base");
    }
  }

  /** The bound for completing an object of {@code bytes}. */
  public Duration forObjectOf(long bytes) {
    Duration copy = Duration.ofSeconds(Math.max(0, bytes) / bytesPerSecond + 1);
    Duration bound = base.plus(copy);
    return bound.compareTo(ceiling) > 0 ? ceiling : bound;
  }
}
