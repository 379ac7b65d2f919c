package dev.presign.bench;

import java.util.Arrays;

/**
 * What one multipart upload spent where (nanoseconds): starting it, signing each part, each part's
 * PUT to S3, completing it, and the wall time from the first call to the last answer; beside each
 * part, a no-op HTTP round trip to the operator's server (not in the wall time).
 */
record MultipartTimings(
    String path,
    long size,
    long createNanos,
    long[] signNanos,
    long[] putNanos,
    long[] noopNanos,
    long completeNanos,
    long wallNanos) {

  int parts() {
    return signNanos.length;
  }

  long signTotalNanos() {
    return Arrays.stream(signNanos).sum();
  }

  long transferNanos() {
    return Arrays.stream(putNanos).sum();
  }

  /** Starting, signing and completing: what the signer side adds to the transfer. */
  long outsideTransferNanos() {
    return createNanos + signTotalNanos() + completeNanos;
  }

  /** {@link #outsideTransferNanos()} as a share of the wall time. */
  double outsideTransferShare() {
    return (double) outsideTransferNanos() / wallNanos;
  }

  /** Everything that is not a PUT (also reading the parts from the file and the loop itself). */
  double notTransferShare() {
    return (double) (wallNanos - transferNanos()) / wallNanos;
  }

  /**
   * What this path spent in create, signing and complete beyond {@code baseline} (the same steps
   * done by the AWS SDK in-process): S3's own work (CreateMultipartUpload, CompleteMultipartUpload,
   * which S3Proxy's folder store does by copying every part into the object) is in both and cancels
   * out. Noisy per step; the sum is what counts.
   */
  long addedOverNanos(MultipartTimings baseline) {
    return outsideTransferNanos() - baseline.outsideTransferNanos();
  }

  double signPercentileMillis(double p) {
    return new LoadResult(path, signNanos, 0, wallNanos / 1e9).percentileMillis(p);
  }

  double noopPercentileMillis(double p) {
    return new LoadResult(path, noopNanos, 0, wallNanos / 1e9).percentileMillis(p);
  }

  double mibPerSecond() {
    return size / (1024.0 * 1024.0) / (wallNanos / 1e9);
  }

  String line() {
    return String.format(
        "%-26s wall %7.2f s (%6.1f MiB/s)  PUTs %7.2f s  create %7.2f ms  sign p50 %6.2f ms"
            + "  p99 %6.2f ms  max %6.2f ms  sum %8.1f ms  (no-op GET p50 %5.2f p99 %6.2f ms)"
            + "  complete %8.2f ms"
            + "  create+sign+complete %5.2f%%  not PUT %5.2f%%",
        path,
        wallNanos / 1e9,
        mibPerSecond(),
        transferNanos() / 1e9,
        createNanos / 1e6,
        signPercentileMillis(50),
        signPercentileMillis(99),
        signPercentileMillis(100),
        signTotalNanos() / 1e6,
        noopPercentileMillis(50),
        noopPercentileMillis(99),
        completeNanos / 1e6,
        100 * outsideTransferShare(),
        100 * notTransferShare());
  }
}
