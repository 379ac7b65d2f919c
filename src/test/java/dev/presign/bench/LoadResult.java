package dev.presign.bench;

import java.util.Arrays;

/** Latencies (from each request's scheduled start) and failures of one load step. */
record LoadResult(String name, long[] latenciesNanos, int errors, double seconds) {
  double throughput() {
    return latenciesNanos.length / seconds;
  }

  double percentileMillis(double p) {
    if (latenciesNanos.length == 0) {
      return Double.NaN;
    }
    long[] sorted = latenciesNanos.clone();
    Arrays.sort(sorted);
    int index = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
    return sorted[Math.max(0, index)] / 1e6;
  }

  String line() {
    return String.format(
        "%-34s %8.1f req/s  p50 %7.2f ms  p99 %7.2f ms  max %8.2f ms  n=%d errors=%d",
        name,
        throughput(),
        percentileMillis(50),
        percentileMillis(99),
        percentileMillis(100),
        latenciesNanos.length,
        errors);
  }
}
